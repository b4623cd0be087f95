using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store.Postgres;
using MeshBot.Bot.Tests.Incidents;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Tests.Store;

/// <summary>
/// Background work (approval expiry, recovery) is done by the one replica holding the background lease; recovery
/// leaves a live replica's work alone and takes over what a dead replica left once its liveness lease has run out.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaBackgroundTests(PostgresServer server)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    [PostgresFact]
    public async Task BackgroundLease_OneReplicaAtATime_TakenOverWhenTheHolderStopsOrDies()
    {
        await using var h = await ReplicaHarness.StartAsync(server, 3);
        var startups = h.Replicas.Select(r => r.Startup(Ttl)).ToArray();

        var first = await Task.WhenAll(startups.Select(s => Task.Run(() => s.TickAsync(CancellationToken.None))));
        var holder = Array.FindIndex(first, t => t.Background);
        var again = await Task.WhenAll(startups.Select(s => s.TickAsync(CancellationToken.None)));
        await startups[holder].StopAsync(CancellationToken.None); // a graceful stop hands the lease back
        var afterStop = await Task.WhenAll(startups.Where((_, i) => i != holder).Select(s => s.TickAsync(CancellationToken.None)));
        var second = startups.Where((_, i) => i != holder).Single(s => s.HoldsBackgroundLease);
        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(500)); // the second holder dies: it stops renewing
        var third = await startups.Where((_, i) => i != holder).Single(s => s != second).TickAsync(CancellationToken.None);

        Assert.Single(first, t => t.Background);
        Assert.Equal(first.Select(t => t.Background), again.Select(t => t.Background));
        Assert.Single(afterStop, t => t.Background);
        Assert.True(third.Background);
    }

    [PostgresFact]
    public async Task Expiry_IsDoneByTheLeaseHolderOnly()
    {
        await using var h = await ReplicaHarness.StartAsync(server, 2);
        var (incident, _) = await h.Replicas[0].Service.OpenAsync(Requests.PrometheusToApi, "carol", "command");
        var holder = h.Replicas[1].Startup(Ttl);
        var other = h.Replicas[0].Startup(Ttl);
        await holder.TickAsync(CancellationToken.None);
        h.Clock.Advance(TimeSpan.FromMinutes(31));

        var byOther = await other.TickAsync(CancellationToken.None);
        var stillWaiting = (await h.Replicas[0].Store.GetAsync(incident.Id))!.State;
        var byHolder = await holder.TickAsync(CancellationToken.None);

        Assert.Equal((false, 0), (byOther.Background, byOther.Expired));
        Assert.Equal(IncidentState.AwaitingApproval, stillWaiting);
        Assert.Equal((true, 1), (byHolder.Background, byHolder.Expired));
        Assert.Equal(IncidentState.Expired, (await h.Replicas[0].Store.GetAsync(incident.Id))!.State);
    }

    [PostgresFact]
    public async Task Recovery_LeavesALiveReplicasPlanAlone_AndRecoversItOnceThatReplicaIsGone()
    {
        await using var h = await ReplicaHarness.StartAsync(server, 2);
        h.Load("ca-expired");
        var (executing, recovering) = (h.Replicas[0], h.Replicas[1]);
        var leader = recovering.Startup(Ttl);
        var alive = executing.Startup(Ttl);
        await leader.TickAsync(CancellationToken.None);
        await alive.TickAsync(CancellationToken.None);
        var (incident, _) = await recovering.Service.OpenAsync(Requests.Api, "carol", "command");
        var istiod = (await recovering.Store.ProposalsAsync(incident.Id))[0];

        // Replica 0 runs the restart of istiod; its rollout never becomes ready in time (the write hangs): a long plan.
        executing.Build(new FailingWriter(h.Cluster, failOnWrite: 1, hang: true));
        using var kill = new CancellationTokenSource();
        await executing.Service.PressAsync(incident.Id, istiod.Id, "alice", VoteKind.Approve);
        var running = executing.Service.PressAsync(incident.Id, istiod.Id, "bob", VoteKind.Approve, kill.Token);
        await WaitUntilAsync(async () => (await recovering.Store.StepsAsync(incident.Id)).Any(s => s.Status == StepStatus.Started));
        await alive.TickAsync(CancellationToken.None);

        var whileAlive = await leader.TickAsync(CancellationToken.None);
        var stateWhileAlive = (await recovering.Store.GetAsync(incident.Id))!.State;
        kill.Cancel(); // replica 0 dies: no more ticks
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(500));
        var afterDeath = await leader.TickAsync(CancellationToken.None);

        Assert.Equal((true, 0), (whileAlive.Background, whileAlive.Recovered));
        Assert.Equal(IncidentState.Executing, stateWhileAlive);
        Assert.Equal((true, 1), (afterDeath.Background, afterDeath.Recovered));
        Assert.Equal(IncidentState.RemediationFailed, (await recovering.Store.GetAsync(incident.Id))!.State);
        Assert.Equal(0, h.RealWrites);
        var recovery = await recovering.Store.AuditAsync(incident.Id).FirstAsync(e => e.Kind == AuditKinds.Recovery);
        Assert.Contains($"outcome unknown: {istiod.Id} step 1", recovery.Summary);
    }

    [PostgresFact]
    public async Task Recovery_ApprovedOnAReplicaThatDiedBeforeRunningIt_ExecutesOnceOnTheLeaseHolder()
    {
        await using var h = await ReplicaHarness.StartAsync(server, 2);
        h.Load("platform-to-strict");
        var (approving, leading) = (h.Replicas[0], h.Replicas[1]);
        var leader = leading.Startup(Ttl);
        var alive = approving.Startup(Ttl);
        await leader.TickAsync(CancellationToken.None);
        await alive.TickAsync(CancellationToken.None);
        var (incident, _) = await leading.Service.OpenAsync(Requests.PrometheusToApi, "carol", "command");
        var proposal = Assert.Single(await leading.Store.ProposalsAsync(incident.Id));

        // As the chat adapters do: the press is answered at once and the execution queued — and replica 0 dies first.
        var outcome = await approving.Service.PressAsync(incident.Id, proposal.Id, "alice", VoteKind.Approve, advance: false);
        var whileAlive = await leader.TickAsync(CancellationToken.None);
        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(500));
        var afterDeath = await leader.TickAsync(CancellationToken.None);
        var later = await leader.TickAsync(CancellationToken.None);

        Assert.NotNull(outcome.Approved);
        Assert.Equal((true, 0), (whileAlive.Background, whileAlive.Recovered));
        Assert.Equal((true, 1), (afterDeath.Background, afterDeath.Recovered));
        Assert.Equal(0, later.Recovered);
        Assert.Equal(1, h.RealWrites);
        Assert.Equal(IncidentState.Resolved, (await leading.Store.GetAsync(incident.Id))!.State);
        var recovery = await leading.Store.AuditAsync(incident.Id).FirstAsync(e => e.Kind == AuditKinds.Recovery);
        Assert.Contains($"approved before the restart and not yet run: {proposal.Id}", recovery.Summary);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500 && !await condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(await condition(), "condition not reached");
    }
}
