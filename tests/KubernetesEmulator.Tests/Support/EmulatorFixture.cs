using MeshBot.Testing;

namespace MeshBot.KubernetesEmulator.Tests.Support;

/// <summary>
/// One emulator per test class, serving the <c>healthy</c> fixture snapshot with a fixed clock (two days after the
/// payments pods were created) and both an admin token and client certificates accepted.
/// </summary>
public class EmulatorFixture : IAsyncLifetime
{
    public const string AdminToken = "admin-token";
    public const string ViewerToken = "viewer-token";
    public const string MeshBotUser = "system:serviceaccount:meshbot:meshbot";

    public static readonly DateTimeOffset Now = new(2026, 10, 15, 14, 32, 7, TimeSpan.Zero);

    private FixtureSnapshot? _snapshot;
    private Kubectl? _admin;

    public KubernetesEmulator Emulator { get; private set; } = null!;

    /// <summary>The materialized snapshot directory the emulator serves.</summary>
    public string SnapshotPath => _snapshot!.Path;

    /// <summary>kubectl as the cluster admin (bearer token).</summary>
    public Kubectl Admin => _admin ??= new Kubectl(Emulator, EmulatorCredential.Token(AdminToken));

    protected virtual IReadOnlyList<string> InstalledGroups => EmulatorOptions.AllCustomResourceGroups;

    public async Task InitializeAsync()
    {
        _snapshot = FixtureSnapshot.Materialize("healthy");
        Emulator = await KubernetesEmulator.StartAsync(new EmulatorOptions
        {
            SnapshotPath = _snapshot.Path,
            Tokens = new Dictionary<string, EmulatorUser>
            {
                [AdminToken] = new("admin", "system:masters"),
                [ViewerToken] = new(MeshBotUser, "system:serviceaccounts", "system:serviceaccounts:meshbot"),
            },
            InstalledCustomResourceGroups = InstalledGroups,
            Clock = new FixedClock(Now),
        });
    }

    public HttpClient Http(string token = AdminToken) => Emulator.CreateHttpClient(EmulatorCredential.Token(token));

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        await Emulator.DisposeAsync();
        _snapshot?.Dispose();
    }
}

/// <summary>An emulator where only Istio security is installed: networking.istio.io and Flux are absent CRDs.</summary>
public sealed class PartialCrdsFixture : EmulatorFixture
{
    protected override IReadOnlyList<string> InstalledGroups => ["security.istio.io"];
}
