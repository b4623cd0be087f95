using MeshBot.Bot.Cli;
using MeshBot.Bot.Hosting;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Bot.Incidents.Store.Postgres;
using MeshBot.Bot.Operations.Replicas;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MeshBot.Bot.Tests.Store;

/// <summary>
/// <c>MeshBot:Store</c> chooses and configures the store, naming the key of a malformed value; the SQLite store has the
/// claims and leases too; the replica-safe wrapper runs a plan once whichever store is under it.
/// </summary>
public sealed class StoreSelectionTests : IAsyncDisposable
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"meshbot-store-{Guid.NewGuid():N}.db");

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    public ValueTask DisposeAsync()
    {
        foreach (var file in new[] { _db, _db + "-wal", _db + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void Settings_Default_IsSqliteWithTheDocumentedFile()
    {
        var settings = IncidentStores.Settings(Settings());

        Assert.Equal((IncidentStores.Sqlite, "Data Source=meshbot.db", IncidentStores.DefaultLeaseTtl), (settings.Provider, settings.ConnectionString, settings.LeaseTtl));
    }

    [Fact]
    public void Settings_Postgres_KeepsTheConnectionStringAndDescribesItWithoutThePassword()
    {
        var settings = IncidentStores.Settings(Settings(("MeshBot:Store:Provider", "PostgreSQL"), ("MeshBot:Store:ConnectionString", "Host=db.internal;Database=meshbot;Username=bot;Password=s3cret"), ("MeshBot:Store:LeaseTtl", "00:01:00")));

        Assert.True(settings.IsPostgres);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.LeaseTtl);
        Assert.Equal("postgres db.internal:5432/meshbot", settings.Describe());
    }

    [Theory]
    [InlineData("MeshBot:Store:Provider", "mysql", null, "MeshBot:Store:Provider")]
    [InlineData("MeshBot:Store:Provider", "postgres", null, "MeshBot:Store:ConnectionString")]
    [InlineData("MeshBot:Store:Provider", "postgres", "Data Source=meshbot.db", "MeshBot:Store:ConnectionString")]
    [InlineData("MeshBot:Store:Provider", "postgres", "Database=meshbot", "MeshBot:Store:ConnectionString")]
    [InlineData("MeshBot:Store:LeaseTtl", "soon", null, "MeshBot:Store:LeaseTtl")]
    [InlineData("MeshBot:Store:LeaseTtl", "00:00:01", null, "MeshBot:Store:LeaseTtl")]
    [InlineData("MeshBot:Store:ConnectionString", "Data Source=x.db;Bogus=1", null, "MeshBot:Store:ConnectionString")]
    public void Settings_Malformed_NameTheKey(string key, string value, string? connection, string named)
    {
        var configuration = connection is null ? Settings((key, value)) : Settings((key, value), ("MeshBot:Store:ConnectionString", connection));

        var error = Assert.Throws<CliException>(() => IncidentStores.Settings(configuration));

        Assert.StartsWith($"configuration {named}:", error.Message);
    }

    [Fact]
    public void Services_Sqlite_RegisterTheWrappedStoreAndTheOneReplicaStartup()
    {
        var services = new ServiceCollection().AddIncidentStore(Settings(("MeshBot:Store:ConnectionString", $"Data Source={_db}"))).AddIncidentStartup();

        using var provider = services.BuildServiceProvider();
        Assert.IsType<ReplicaSafeIncidentStore>(provider.GetRequiredService<IIncidentStore>());
        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(IncidentStartup));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IReplicaStore));
    }

    [Fact]
    public void Services_Postgres_RegisterTheSharedStoreAndTheLeaseHeldStartup()
    {
        var services = new ServiceCollection()
            .AddIncidentStore(Settings(("MeshBot:Store:Provider", "postgres"), ("MeshBot:Store:ConnectionString", "Host=127.0.0.1;Database=meshbot;Username=bot")))
            .AddIncidentStartup();

        using var provider = services.BuildServiceProvider();
        var store = Assert.IsType<ReplicaSafeIncidentStore>(provider.GetRequiredService<IIncidentStore>());
        var postgres = Assert.IsType<PostgresIncidentStore>(provider.GetRequiredService<IReplicaStore>());
        Assert.Same(postgres, store.Inner);
        Assert.Equal(provider.GetRequiredService<ReplicaOptions>().Replica, postgres.Replica);
        Assert.Contains(services, d => d.ServiceType == typeof(ReplicaIncidentStartup));
        Assert.DoesNotContain(services, d => d.ImplementationType == typeof(IncidentStartup));
    }

    [Fact]
    public void Services_Malformed_FailAtRegistrationNamingTheKey()
    {
        var error = Assert.Throws<CliException>(() => new ServiceCollection().AddIncidentStore(Settings(("MeshBot:Store:Provider", "oracle"))));

        Assert.Contains("MeshBot:Store:Provider", error.Message);
    }

    [Fact]
    public async Task Sqlite_ClaimsLeasesAndFinalDecisions_BehaveAsOnPostgres()
    {
        var store = new SqliteIncidentStore($"Data Source={_db};Pooling=False");
        await store.MigrateAsync();
        await store.MigrateAsync();
        var incident = PostgresIncidentStoreTests.NewIncident();
        await store.CreateAsync(incident);

        var claimA = await store.TryClaimExecutionAsync(incident.Id, "p1", "a");
        var claimB = await store.TryClaimExecutionAsync(incident.Id, "p1", "b");
        var claimAgain = await store.TryClaimExecutionAsync(incident.Id, "p1", "a");
        await store.AddVoteAsync(incident.Id, new Vote("p1", "alice", VoteKind.Approve, DateTimeOffset.UtcNow));
        await store.ReplaceProposalsAsync(incident.Id, []);
        var claimAfterReplan = await store.TryClaimExecutionAsync(incident.Id, "p1", "b");
        var votesAfterReplan = await store.VotesAsync(incident.Id, "p1");

        var leaseA = await store.TryAcquireLeaseAsync("work", "a", TimeSpan.FromMilliseconds(300));
        var leaseB = await store.TryAcquireLeaseAsync("work", "b", TimeSpan.FromMinutes(1));
        await Task.Delay(400);
        var leaseBAfterExpiry = await store.TryAcquireLeaseAsync("work", "b", TimeSpan.FromMinutes(1));
        await store.ReleaseLeaseAsync("work", "b");
        var leaseAAfterRelease = await store.TryAcquireLeaseAsync("work", "a", TimeSpan.FromMinutes(1));

        Assert.Equal((true, false, true, true), (claimA, claimB, claimAgain, claimAfterReplan));
        Assert.Empty(votesAfterReplan);
        Assert.Equal((true, false, true, true), (leaseA, leaseB, leaseBAfterExpiry, leaseAAfterRelease));
    }

    [Fact]
    public async Task ReplicaSafeStore_SecondReplicaStartingTheSamePlan_IsStoppedBeforeItsFirstStep()
    {
        var sqlite = new SqliteIncidentStore($"Data Source={_db};Pooling=False");
        await sqlite.MigrateAsync();
        var incident = PostgresIncidentStoreTests.NewIncident();
        await sqlite.CreateAsync(incident);
        var (a, b) = (new ReplicaSafeIncidentStore(sqlite, "a"), new ReplicaSafeIncidentStore(sqlite, "b"));
        var started = new StepOutcome(0, "rollout restart Deployment/istio-system/istiod", StepStatus.Started, "");

        await a.RecordStepAsync(incident.Id, "p1", started, DateTimeOffset.UtcNow);
        var refused = await Assert.ThrowsAsync<ExecutionClaimedException>(() => b.RecordStepAsync(incident.Id, "p1", started, DateTimeOffset.UtcNow));
        await a.RecordStepAsync(incident.Id, "p1", started with { Status = StepStatus.Succeeded }, DateTimeOffset.UtcNow);

        Assert.Equal("p1", refused.ProposalId);
        Assert.Equal(StepStatus.Succeeded, Assert.Single(await sqlite.StepsAsync(incident.Id)).Status);
    }

    [Fact]
    public async Task ReplicaSafeStore_ExistingAlertGroup_IsHandedBackWithoutTheThreadsItsCreatorHasNotPostedYet()
    {
        var sqlite = new SqliteIncidentStore($"Data Source={_db};Pooling=False");
        await sqlite.MigrateAsync();
        var store = new ReplicaSafeIncidentStore(sqlite, "b");
        var first = PostgresIncidentStoreTests.NewIncident("group-1");
        first.Thread = Chat.ThreadState.Write([new Chat.ThreadState("slack", "C1"), new Chat.ThreadState("teams", "19:x") { Head = new Chat.ChatMessageRef("teams", "19:x", "1") }]);
        await sqlite.CreateAsync(first);

        var (again, created) = await store.CreateAsync(PostgresIncidentStoreTests.NewIncident("group-1"));

        Assert.False(created);
        Assert.Equal("teams", Assert.Single(Chat.ThreadState.Read(again.Thread)).Platform);
        Assert.Equal(2, Chat.ThreadState.Read((await sqlite.GetAsync(first.Id))!.Thread).Count);
    }
}
