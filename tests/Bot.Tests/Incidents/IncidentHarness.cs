using MeshBot.Bot.Demo.Cluster;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Approval;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Tests.Incidents;

/// <summary>
/// An incident service over a demo scenario cluster and a real SQLite file. <see cref="Restart"/> builds a new
/// service over the same file and cluster, as a new process would.
/// </summary>
internal sealed class IncidentHarness : IAsyncDisposable
{
    public static readonly string[] Approvers = ["alice", "bob"];

    private readonly string _db = Path.Combine(Path.GetTempPath(), $"meshbot-test-{Guid.NewGuid():N}.db");
    private readonly List<IncidentEvent> _events = [];

    private IncidentHarness(InMemoryCluster cluster, ManualClock clock, IClusterWriter? writer)
    {
        Cluster = cluster;
        Clock = clock;
        Store = new SqliteIncidentStore($"Data Source={_db};Pooling=False");
        Service = Build(writer ?? cluster);
    }

    public InMemoryCluster Cluster { get; }

    public ManualClock Clock { get; }

    public SqliteIncidentStore Store { get; }

    public IncidentService Service { get; private set; }

    public IReadOnlyList<IncidentEvent> Events => _events;

    public int AppliedWrites => Cluster.Writes.Count(w => !w.DryRun && w.Changed);

    public static async Task<IncidentHarness> StartAsync(string scenario, IClusterWriter? writer = null)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var harness = new IncidentHarness(DemoClusters.Load(scenario, clock), clock, writer);
        await harness.Store.MigrateAsync();
        return harness;
    }

    public IncidentService Restart(IClusterWriter? writer = null) => Service = Build(writer ?? Cluster);

    public Task<(Incident Incident, bool Created)> OpenAsync(DiagnosisRequest request, string requester = "carol", string? groupKey = null) =>
        Service.OpenAsync(request, requester, "command", groupKey);

    public async Task<Incident> ReloadAsync(string id) => (await Store.GetAsync(id))!;

    public async Task<IReadOnlyList<StoredProposal>> ProposalsAsync(string id) => await Store.ProposalsAsync(id);

    private IncidentService Build(IClusterWriter writer) => new(new IncidentRuntime(
        Store, Cluster, writer, new Diagnoser(new MeshOptions(), Clock),
        new ApprovalPolicy(new ApprovalOptions { Approvers = Approvers, Expiry = TimeSpan.FromMinutes(30) }, Clock),
        Clock, [new Recorder(_events)], new Remediation.Execution.RolloutWaitOptions { Timeout = TimeSpan.FromSeconds(5), Interval = TimeSpan.FromMilliseconds(10) }));

    public ValueTask DisposeAsync()
    {
        foreach (var file in new[] { _db, _db + "-wal", _db + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
        return ValueTask.CompletedTask;
    }

    private sealed class Recorder(List<IncidentEvent> events) : IIncidentObserver
    {
        public Task OnEventAsync(IncidentEvent incidentEvent, CancellationToken cancellationToken)
        {
            lock (events)
            {
                events.Add(incidentEvent);
            }
            return Task.CompletedTask;
        }
    }
}
