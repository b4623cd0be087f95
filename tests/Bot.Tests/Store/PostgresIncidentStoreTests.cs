using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store.Postgres;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Tests.Store;

/// <summary>The PostgreSQL store keeps the SQLite store's contract, and adds what several replicas need: versions, claims, leases, workers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresIncidentStoreTests(PostgresServer server) : IAsyncLifetime
{
    private readonly List<PostgresIncidentStore> _stores = [];
    private string _database = "";

    public async Task InitializeAsync() => _database = await server.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
        await server.DropDatabaseAsync(_database);
    }

    private async Task<PostgresIncidentStore> StoreAsync(string replica = "r1", bool migrate = true)
    {
        var store = new PostgresIncidentStore(_database, replica);
        _stores.Add(store);
        if (migrate)
        {
            await store.MigrateAsync();
        }
        return store;
    }

    internal static Incident NewIncident(string? groupKey = null, string id = "") => new()
    {
        Id = id.Length > 0 ? id : "inc-" + Guid.NewGuid().ToString("N")[..8],
        CorrelationId = Guid.NewGuid().ToString("N"),
        Origin = groupKey is null ? "command" : "alert",
        GroupKey = groupKey,
        Requester = "carol",
        Request = new DiagnosisRequest(new TargetSpec("payments", "api"), new TargetSpec("monitoring", "prometheus"), 8080),
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static StoredProposal Proposal(string incidentId, string id, int sequence) => new(
        incidentId, sequence,
        new RemediationProposal(id, "label-namespace", "Namespace/payments", Risk.Low, "kubectl label namespace payments istio-injection=enabled", null, "why",
            [new PlannedWrite(WriteVerb.Patch, MeshBot.Cluster.ResourceKinds.Namespace, null, "payments", MeshBot.Cluster.Writing.PatchType.Merge, "{}")]),
        new PlanPreview(id, [], 0, "abc"), ProposalStatus.Proposed, DateTimeOffset.UtcNow);

    [PostgresFact]
    public async Task Migrate_ThreeReplicasStartingTogether_MigrateOnceAndAgainIsANoOp()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => StoreAsync($"r{i}", migrate: false)));

        await Task.WhenAll(stores.Select(s => s.MigrateAsync()));
        await stores[0].MigrateAsync();

        var (_, schema) = await stores[1].ProbeAsync();
        Assert.Equal(PostgresMigrations.All[^1].Version, schema);
    }

    [PostgresFact]
    public async Task Incident_RoundTrips_EveryField()
    {
        var store = await StoreAsync();
        var incident = NewIncident("group-1");
        incident.Thread = "[]";

        await store.CreateAsync(incident);
        incident.State = IncidentState.AwaitingApproval;
        incident.ReportJson = "{\"apiVersion\":\"meshbot.diagnosis/v1\"}";
        incident.Verdict = "platform-namespace";
        incident.Cause = "platform-namespace";
        await store.UpdateAsync(incident);
        var read = (await store.GetAsync(incident.Id))!;

        Assert.Equal(incident.Request, read.Request);
        Assert.Equal((incident.GroupKey, incident.State, incident.ReportJson, incident.Verdict, incident.Cause, incident.Thread), (read.GroupKey, read.State, read.ReportJson, read.Verdict, read.Cause, read.Thread));
        Assert.True((incident.CreatedAt - read.CreatedAt).Duration() < TimeSpan.FromMilliseconds(1));
        Assert.Equal(incident.Id, (await store.FindByGroupKeyAsync("group-1"))!.Id);
        Assert.Single(await store.ListAsync([IncidentState.AwaitingApproval]));
        Assert.Empty(await store.ListAsync([IncidentState.Resolved]));
    }

    [PostgresFact]
    public async Task Create_SameGroupFromManyReplicasAtOnce_OneIncident()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => StoreAsync($"r{i}")));

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => stores[i % 3].CreateAsync(NewIncident("group-x")))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Incident.Id).Distinct());
        Assert.Single(await stores[0].ListAsync());
    }

    [PostgresFact]
    public async Task Update_OfACopyAnotherReplicaMovedOn_IsRefusedAndWritesNothing()
    {
        var a = await StoreAsync("a");
        var b = await StoreAsync("b");
        var incident = NewIncident();
        await a.CreateAsync(incident);
        var copyA = (await a.GetAsync(incident.Id))!;
        var copyB = (await b.GetAsync(incident.Id))!;

        copyA.State = IncidentState.Executing;
        await a.UpdateAsync(copyA);
        copyB.State = IncidentState.Expired;
        var conflict = await Assert.ThrowsAsync<IncidentConflictException>(() => b.UpdateAsync(copyB));
        copyA.State = IncidentState.Verifying;
        await a.UpdateAsync(copyA); // the winner's own copy keeps working

        Assert.Equal(incident.Id, conflict.IncidentId);
        Assert.Equal(IncidentState.Verifying, (await b.GetAsync(incident.Id))!.State);
    }

    [PostgresFact]
    public async Task Votes_CountOncePerActor_InTheOrderCast()
    {
        var store = await StoreAsync();
        var incident = NewIncident();
        await store.CreateAsync(incident);
        var at = DateTimeOffset.UtcNow;

        var first = await store.AddVoteAsync(incident.Id, new Vote("p1", "alice", VoteKind.Approve, at));
        var again = await store.AddVoteAsync(incident.Id, new Vote("p1", "alice", VoteKind.Reject, at));
        var second = await store.AddVoteAsync(incident.Id, new Vote("p1", "bob", VoteKind.Approve, at));
        var votes = await store.VotesAsync(incident.Id, "p1");

        Assert.True(first);
        Assert.False(again);
        Assert.True(second);
        Assert.Equal(["alice", "bob"], votes.Select(v => v.Actor));
        Assert.All(votes, v => Assert.Equal(VoteKind.Approve, v.Kind));
    }

    [PostgresFact]
    public async Task Proposals_ReplaceStepsAndStatus_RoundTrip_AndDecisionsAreFinal()
    {
        var store = await StoreAsync();
        var incident = NewIncident();
        await store.CreateAsync(incident);
        await store.ReplaceProposalsAsync(incident.Id, [Proposal(incident.Id, "p1", 0), Proposal(incident.Id, "p2", 1)]);

        await store.SetProposalStatusAsync(incident.Id, "p1", ProposalStatus.Approved);
        await store.SetProposalStatusAsync(incident.Id, "p1", ProposalStatus.Executed);
        await store.SetProposalStatusAsync(incident.Id, "p1", ProposalStatus.Approved); // a late writer
        await store.RecordStepAsync(incident.Id, "p1", new StepOutcome(0, "patch Namespace/payments", StepStatus.Started, ""), DateTimeOffset.UtcNow);
        await store.RecordStepAsync(incident.Id, "p1", new StepOutcome(0, "patch Namespace/payments", StepStatus.Succeeded, "done"), DateTimeOffset.UtcNow);
        var proposals = await store.ProposalsAsync(incident.Id);
        var step = Assert.Single(await store.StepsAsync(incident.Id));

        Assert.Equal(["p1", "p2"], proposals.Select(p => p.Id));
        Assert.Equal([ProposalStatus.Executed, ProposalStatus.Proposed], proposals.Select(p => p.Status));
        Assert.Equal("label-namespace", proposals[0].Proposal.Action);
        Assert.Equal((StepStatus.Succeeded, "done"), (step.Status, step.Detail));
    }

    [PostgresFact]
    public async Task ExecutionClaim_FirstOwnerOnly_ClearedWithThePlan()
    {
        var a = await StoreAsync("a");
        var b = await StoreAsync("b");
        var incident = NewIncident();
        await a.CreateAsync(incident);
        await a.ReplaceProposalsAsync(incident.Id, [Proposal(incident.Id, "p1", 0)]);

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).TryClaimExecutionAsync(incident.Id, "p1", i % 2 == 0 ? "a" : "b"))));
        var winner = claims[0] ? "a" : "b";
        var again = await a.TryClaimExecutionAsync(incident.Id, "p1", winner);
        await a.ReplaceProposalsAsync(incident.Id, [Proposal(incident.Id, "p1", 0)]);
        var afterReplan = await b.TryClaimExecutionAsync(incident.Id, "p1", "someone-else");

        Assert.Equal(5, claims.Count(c => c));
        Assert.True(claims.Where((_, i) => (i % 2 == 0 ? "a" : "b") == winner).All(c => c));
        Assert.True(again);
        Assert.True(afterReplan);
    }

    [PostgresFact]
    public async Task Audit_KeepsOrder_AndFiltersByIncident()
    {
        var store = await StoreAsync();
        await store.AppendAuditAsync(new AuditEntry(0, DateTimeOffset.UtcNow, "inc-1", "c1", "alice", AuditKinds.Approval, "first", "{\"a\":1}"));
        await store.AppendAuditAsync(new AuditEntry(0, DateTimeOffset.UtcNow, null, null, "meshbot", AuditKinds.Recovery, "second"));
        await store.AppendAuditAsync(new AuditEntry(0, DateTimeOffset.UtcNow, "inc-1", "c1", "bob", AuditKinds.Approval, "third"));

        var all = await store.AuditAsync().ToListAsync();
        var one = await store.AuditAsync("inc-1").ToListAsync();

        Assert.Equal(["first", "second", "third"], all.Select(e => e.Summary));
        Assert.Equal(["first", "third"], one.Select(e => e.Summary));
        Assert.True(all[0].Sequence < all[1].Sequence);
        Assert.Equal("{\"a\":1}", all[0].DetailJson);
        Assert.Null(all[1].IncidentId);
    }

    [PostgresFact]
    public async Task Lease_OneHolderAtATime_TakenOverAfterExpiryOrRelease()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => StoreAsync($"r{i}")));
        var ttl = TimeSpan.FromSeconds(1);

        var first = await Task.WhenAll(stores.Select(s => Task.Run(() => s.TryAcquireLeaseAsync("work", s.Replica, ttl))));
        var holder = stores[Array.IndexOf(first, true)];
        var other = stores.First(s => s != holder);
        var renewed = await holder.TryAcquireLeaseAsync("work", holder.Replica, ttl);
        var refused = await other.TryAcquireLeaseAsync("work", other.Replica, ttl);
        await Task.Delay(ttl + TimeSpan.FromMilliseconds(300));
        var takenOver = await other.TryAcquireLeaseAsync("work", other.Replica, TimeSpan.FromMinutes(1));
        var lost = await holder.TryAcquireLeaseAsync("work", holder.Replica, ttl);
        await other.ReleaseLeaseAsync("work", other.Replica);
        var afterRelease = await holder.TryAcquireLeaseAsync("work", holder.Replica, ttl);

        Assert.Single(first, f => f);
        Assert.True(renewed);
        Assert.False(refused);
        Assert.True(takenOver);
        Assert.False(lost);
        Assert.True(afterRelease);
    }

    [PostgresFact]
    public async Task AbandonedIncidents_AreThoseInProgressWhoseWorkerStoppedRenewing()
    {
        var a = await StoreAsync("a");
        var b = await StoreAsync("b");
        await a.TryAcquireLeaseAsync(ReplicaLeases.Liveness("a"), "a", TimeSpan.FromSeconds(1));
        await b.TryAcquireLeaseAsync(ReplicaLeases.Liveness("b"), "b", TimeSpan.FromMinutes(1));
        var ofA = NewIncident();
        var ofB = NewIncident();
        var settled = NewIncident();
        await a.CreateAsync(ofA);
        await b.CreateAsync(ofB);
        await a.CreateAsync(settled);
        settled.State = IncidentState.AwaitingApproval;
        await a.UpdateAsync(settled);

        var whileAlive = await b.AbandonedIncidentsAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(1300));
        var afterExpiry = await b.AbandonedIncidentsAsync();

        Assert.Empty(whileAlive);
        Assert.Equal([ofA.Id], afterExpiry);
    }
}
