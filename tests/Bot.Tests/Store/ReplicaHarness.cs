using MeshBot.Bot.Chat;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Bot.Incidents.Store.Postgres;
using MeshBot.Bot.Operations.Replicas;
using MeshBot.Bot.Tests.Incidents;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Remediation.Approval;
using MeshBot.Cluster.Writing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshBot.Bot.Tests.Store;

/// <summary>
/// Several replicas of the bot in one test: each an <see cref="IncidentService"/> over its own
/// <see cref="PostgresIncidentStore"/> (its own replica id and connection pool, as a separate process would have),
/// wrapped as <c>meshbot serve</c> wraps it, all sharing one PostgreSQL database and one in-memory demo cluster.
/// Each replica posts its threads to a chat platform that counts the threads started.
/// </summary>
internal sealed class ReplicaHarness : IAsyncDisposable
{
    public static readonly string[] Approvers = ["alice", "bob", "erin"];

    private readonly PostgresServer _server;
    private readonly string _database;

    private ReplicaHarness(PostgresServer server, string database, int count)
    {
        _server = server;
        _database = database;
        Clock = new ManualClock(DateTimeOffset.UtcNow);
        Chat = new CountingChat();
        Replicas = [.. Enumerable.Range(0, count).Select(i => new Replica(this, $"replica-{i}"))];
        Cluster = DemoClusters.Load("platform-to-strict", Clock);
    }

    public ManualClock Clock { get; }

    public CountingChat Chat { get; }

    public IReadOnlyList<Replica> Replicas { get; }

    public InMemoryCluster Cluster { get; private set; }

    /// <summary>Writes that reached the cluster for real (dry runs are previews).</summary>
    public int RealWrites => Cluster.Writes.Count(w => !w.DryRun);

    public static async Task<ReplicaHarness> StartAsync(PostgresServer server, int replicas)
    {
        var harness = new ReplicaHarness(server, await server.CreateDatabaseAsync(), replicas);
        await Task.WhenAll(harness.Replicas.Select(r => r.Store.MigrateAsync()));
        foreach (var replica in harness.Replicas)
        {
            replica.Build(harness.Cluster);
        }
        return harness;
    }

    /// <summary>A fresh cluster of <paramref name="scenario"/> for every replica (a new round of a loop).</summary>
    public void Load(string scenario)
    {
        Cluster = DemoClusters.Load(scenario, Clock);
        foreach (var replica in Replicas)
        {
            replica.Build(Cluster);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in Replicas)
        {
            await replica.Postgres.DisposeAsync();
        }
        await _server.DropDatabaseAsync(_database);
    }

    public sealed class Replica
    {
        private readonly ReplicaHarness _harness;

        public Replica(ReplicaHarness harness, string id)
        {
            _harness = harness;
            Id = id;
            Postgres = new PostgresIncidentStore(harness._database, id);
            Store = new ReplicaSafeIncidentStore(Postgres, id);
            Service = null!;
        }

        public string Id { get; }

        public PostgresIncidentStore Postgres { get; }

        public IIncidentStore Store { get; }

        public IncidentService Service { get; private set; }

        public IncidentService Build(IClusterWriter writer) => Service = new(new IncidentRuntime(
            Store, _harness.Cluster, writer, new Diagnosis.Runbook.Diagnoser(new MeshOptions(), _harness.Clock),
            new ApprovalPolicy(new ApprovalOptions { Approvers = Approvers, Expiry = TimeSpan.FromMinutes(30) }, _harness.Clock),
            _harness.Clock, [new IncidentThreads([_harness.Chat], Store, NullLogger<IncidentThreads>.Instance)],
            new Remediation.Execution.RolloutWaitOptions { Timeout = TimeSpan.FromSeconds(5), Interval = TimeSpan.FromMilliseconds(10) }));

        public ReplicaIncidentStartup Startup(TimeSpan leaseTtl) =>
            new(Store, Postgres, Service, new ReplicaOptions(Id, leaseTtl), TimeProvider.System, NullLogger<ReplicaIncidentStartup>.Instance);
    }

    /// <summary>A chat platform that records what it was asked to post.</summary>
    public sealed class CountingChat : IChatPlatform
    {
        private int _threads;
        private int _messages;

        public string Name => "test";

        public int ThreadsStarted => Volatile.Read(ref _threads);

        public Task<ChatMessageRef> StartThreadAsync(string conversation, ThreadMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _threads);
            return Task.FromResult(new ChatMessageRef(Name, conversation, $"m{Interlocked.Increment(ref _messages)}"));
        }

        public Task<ChatMessageRef> ReplyAsync(ChatMessageRef thread, ThreadMessage message, CancellationToken cancellationToken) =>
            Task.FromResult(new ChatMessageRef(Name, thread.Conversation, $"m{Interlocked.Increment(ref _messages)}", thread.MessageId));

        public Task UpdateAsync(ChatMessageRef message, ThreadMessage content, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
