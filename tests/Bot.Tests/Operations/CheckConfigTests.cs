using System.CommandLine;
using MeshBot.Bot.Operations.CheckConfig;
using MeshBot.KubernetesEmulator;
using Emulator = MeshBot.KubernetesEmulator.KubernetesEmulator;

namespace MeshBot.Bot.Tests.Operations;

/// <summary>
/// <c>meshbot check-config</c> against the Kubernetes API emulator (its access policy answers the
/// SelfSubjectAccessReviews) and local Slack and Bot Framework stand-ins: one line per check, a missing verb named,
/// exit 0 only when everything works.
/// </summary>
public sealed class CheckConfigTests : IAsyncLifetime
{
    private const string Token = "meshbot-token";
    private const string User = "system:serviceaccount:meshbot:meshbot";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"meshbot-check-{Guid.NewGuid():N}");
    private Emulator _emulator = null!;
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _emulator = await Emulator.StartAsync(new EmulatorOptions
        {
            Tokens = new Dictionary<string, EmulatorUser> { [Token] = new(User, "system:serviceaccounts") },
        });
        _kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_directory, "kubeconfig"), EmulatorCredential.Token(Token));
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<(int Exit, string[] Lines, string Output)> RunAsync(params string[] settings) => RunWithAsync(_kubeconfig, settings);

    private async Task<(int Exit, string[] Lines, string Output)> RunWithAsync(string kubeconfig, params string[] settings)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { CheckConfigCommand.Create(output) };
        string[] args = ["check-config", "--kubeconfig", kubeconfig, $"--MeshBot:Store:ConnectionString=Data Source={Path.Combine(_directory, "meshbot.db")}", .. settings];
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        var text = output.ToString();
        Assert.True(error.ToString().Length == 0, error.ToString());
        return (exit, text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), text);
    }

    [Fact]
    public async Task EverythingAllowed_NoChatConfigured_EveryCheckPassesAndExitsZero()
    {
        var (exit, lines, output) = await RunAsync();

        Assert.True(exit == 0, output);
        Assert.All(lines, l => Assert.True(l.StartsWith('✓') || l.StartsWith('-'), l));
        Assert.Contains($"✓ kubernetes {_emulator.Url.GetLeftPart(UriPartial.Authority)} (", output);
        Assert.Contains($"authenticated as {User}", output);
        Assert.Contains("✓ list pods (cluster-wide)", lines);
        Assert.Contains("✓ get pods/log (cluster-wide)", lines);
        Assert.Contains("✓ get secrets (istio-system/istio-ca-secret)", lines);
        Assert.Contains("✓ patch deployments.apps (cluster-wide)", lines);
        Assert.Contains("✓ create peerauthentications.security.istio.io (cluster-wide)", lines);
        Assert.Contains("✓ patch destinationrules.networking.istio.io (cluster-wide)", lines);
        Assert.Contains(lines, l => l.StartsWith("✓ store: sqlite ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("- slack auth.test: not run", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("- bot framework token: not run", StringComparison.Ordinal));
        Assert.Equal(RbacRequirements.For("istio-system").Count, lines.Count(l => l.EndsWith(')') && (l.Contains("(cluster-wide)") || l.Contains("(istio-system/"))));
    }

    [Theory]
    [InlineData("patch", "deployments.apps", null, 1, "✗ patch deployments.apps (cluster-wide): denied")]
    [InlineData("get", "pods/log", null, 1, "✗ get pods/log (cluster-wide): denied")]
    [InlineData("create", "destinationrules.networking.istio.io", null, 1, "✗ create destinationrules.networking.istio.io (cluster-wide): denied")]
    [InlineData("get", "secrets", "istio-system", 2, "✗ get secrets (istio-system/cacerts): denied")]
    [InlineData("list", "helmreleases.helm.toolkit.fluxcd.io", null, 1, "✗ list helmreleases.helm.toolkit.fluxcd.io (cluster-wide): denied")]
    public async Task AccessPolicyDeniesAVerb_TheVerbIsNamedAndTheExitCodeIsNonZero(string verb, string resource, string? ns, int denied, string expected)
    {
        _emulator.Access.Deny(verb, resource, User, ns);

        var (exit, lines, output) = await RunAsync();

        Assert.Equal(CheckConfigCommand.ChecksFailed, exit);
        Assert.Contains(expected, lines);
        Assert.Equal(denied, lines.Count(l => l.StartsWith('✗')));
        Assert.Contains("✓ patch statefulsets.apps (cluster-wide)", output);
    }

    [Fact]
    public async Task SlackAndBotFrameworkCredentials_Valid_AreConfirmed()
    {
        await using var fake = await FakeChatServices.StartAsync();

        var (exit, lines, output) = await RunAsync(
            $"--MeshBot:Slack:BotToken={FakeChatServices.GoodBotToken}", "--MeshBot:Slack:SigningSecret=8f742231b10e8888abcd99yyyzzz85a5",
            $"--MeshBot:Slack:ApiBaseUrl={fake.SlackApi}",
            $"--MeshBot:Teams:AppId={FakeChatServices.AppId}", $"--MeshBot:Teams:AppPassword={FakeChatServices.AppPassword}",
            $"--MeshBot:Teams:TokenEndpoint={fake.TokenEndpoint}");

        Assert.True(exit == 0, output);
        Assert.Contains("✓ slack auth.test: the bot token is valid: meshbot (U0MESHBOT) in team Acme (T0ACME)", lines);
        Assert.Contains($"✓ bot framework token: issued to app {FakeChatServices.AppId} by 127.0.0.1, valid 3599 s", lines);
        Assert.Contains($"auth.test Bearer {FakeChatServices.GoodBotToken}", fake.Requests);
        Assert.Contains($"token client_credentials {FakeChatServices.AppId} https://api.botframework.com/.default", fake.Requests);
        Assert.DoesNotContain(FakeChatServices.AppPassword, output);
        Assert.DoesNotContain(FakeChatServices.GoodBotToken, output);
    }

    [Fact]
    public async Task SlackAndBotFrameworkCredentials_Refused_AreReportedWithTheServicesReason()
    {
        await using var fake = await FakeChatServices.StartAsync();

        var (exit, lines, output) = await RunAsync(
            "--MeshBot:Slack:BotToken=xoxb-revoked", "--MeshBot:Slack:SigningSecret=abc123", $"--MeshBot:Slack:ApiBaseUrl={fake.SlackApi}",
            $"--MeshBot:Teams:AppId={FakeChatServices.AppId}", "--MeshBot:Teams:AppPassword=wrong-password", $"--MeshBot:Teams:TokenEndpoint={fake.TokenEndpoint}");

        Assert.Equal(CheckConfigCommand.ChecksFailed, exit);
        Assert.Contains("✗ slack auth.test: the bot token was refused: invalid_auth", lines);
        Assert.Contains($"✗ bot framework token: 127.0.0.1 refused app {FakeChatServices.AppId}: HTTP 401 invalid_client: AADSTS7000215: Invalid client secret provided. Trace ID: 0000 Correlation ID: 1111", lines);
        Assert.DoesNotContain("wrong-password", output);
    }

    [Fact]
    public async Task MalformedConfiguration_EachBadKeyIsNamed_AndTheOtherChecksStillRun()
    {
        var (exit, lines, output) = await RunAsync("--MeshBot:Approval:Expiry=soon", "--MeshBot:Store:Provider=mysql", "--MeshBot:Teams:AppId=x", "--MeshBot:Teams:AppPassword=y", "--MeshBot:Teams:TokenEndpoint=http://login.example.com/token");

        Assert.Equal(CheckConfigCommand.ChecksFailed, exit);
        Assert.Contains(lines, l => l.StartsWith("✗ configuration MeshBot:Approval:Expiry: 'soon'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("✗ configuration MeshBot:Store:Provider: 'mysql'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("✗ configuration MeshBot:Teams:TokenEndpoint:", StringComparison.Ordinal));
        Assert.Contains("✓ patch deployments.apps (cluster-wide)", output);
    }

    [Fact]
    public async Task KubernetesCredentialsRejected_OneLineSaysSo()
    {
        var rejected = _emulator.WriteKubeconfig(Path.Combine(_directory, "rejected"), EmulatorCredential.Token("not-a-token"));

        var (exit, lines, _) = await RunWithAsync(rejected);

        Assert.Equal(CheckConfigCommand.ChecksFailed, exit);
        Assert.Single(lines, l => l.StartsWith("✗ kubernetes ", StringComparison.Ordinal) && l.EndsWith("credentials rejected (401 Unauthorized)", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("(cluster-wide)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoreUnreachable_IsReported()
    {
        var (exit, lines, _) = await RunAsync("--MeshBot:Store:Provider=postgres", "--MeshBot:Store:ConnectionString=Host=127.0.0.1;Port=1;Database=meshbot;Username=bot;Timeout=3");

        Assert.Equal(CheckConfigCommand.ChecksFailed, exit);
        Assert.Contains(lines, l => l.StartsWith("✗ store: postgres 127.0.0.1:1/meshbot: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoreFileEmpty_IsReportedAndLeftEmpty()
    {
        var store = Path.Combine(_directory, "meshbot.db");
        await File.WriteAllBytesAsync(store, []);

        var (exit, lines, _) = await RunAsync();

        Assert.Equal(CheckConfigCommand.ChecksFailed, exit);
        Assert.Contains(lines, l => l.StartsWith("✗ store: sqlite ", StringComparison.Ordinal) && l.EndsWith($"store {store} is empty (0 bytes) but existed: restore it from a backup (with its -wal file) or move it away to start a new store", StringComparison.Ordinal));
        Assert.Equal(0, new FileInfo(store).Length);
    }
}
