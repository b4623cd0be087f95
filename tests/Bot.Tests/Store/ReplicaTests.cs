using ThreadState = MeshBot.Bot.Chat.ThreadState;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store.Postgres;
using MeshBot.Bot.Tests.Incidents;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Tests.Store;

/// <summary>
/// Two and three replicas over one PostgreSQL database and one cluster: a press executes once whichever replicas
/// handle it, a duplicate alert opens one incident and one thread, and a replica killed mid-plan leaves a record
/// another replica recovers correctly, and the incident can go on.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaTests(PostgresServer server)
{
    private const int Rounds = 25;

    /// <summary>A loser of a race: another replica moved the incident on, or holds the plan's execution.</summary>
    private static async Task<ApprovalOutcome?> Lost(Func<Task<ApprovalOutcome>> press)
    {
        try
        {
            return await press();
        }
        catch (Exception e) when (e is IncidentConflictException or ExecutionClaimedException)
        {
            return null;
        }
    }

    private static async Task AllAtOnce(IEnumerable<Func<Task>> work)
    {
        using var start = new ManualResetEventSlim();
        var tasks = work.Select(w => Task.Run(async () => { start.Wait(); await w(); })).ToArray();
        start.Set();
        await Task.WhenAll(tasks);
    }

    private static async Task<int> CountAsync(ReplicaHarness h, string incidentId, string kind) =>
        await h.Replicas[0].Store.AuditAsync(incidentId).CountAsync(e => e.Kind == kind);

    [PostgresTheory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task SameApproveButton_PressedOnEveryReplicaAtOnce_ExecutesOnce(int replicas)
    {
        await using var h = await ReplicaHarness.StartAsync(server, replicas);
        for (var round = 0; round < Rounds; round++)
        {
            h.Load("platform-to-strict");
            var (incident, _) = await h.Replicas[round % replicas].Service.OpenAsync(Requests.PrometheusToApi, "carol", "command");
            var proposal = Assert.Single(await h.Replicas[0].Store.ProposalsAsync(incident.Id));
            var outcomes = new ApprovalOutcome?[replicas];

            // The same person's press delivered to every replica (a double click, a retried delivery).
            await AllAtOnce(h.Replicas.Select((r, i) => (Func<Task>)(async () =>
                outcomes[i] = await Lost(() => r.Service.PressAsync(incident.Id, proposal.Id, "alice", VoteKind.Approve)))));

            Assert.Single(outcomes, o => o?.Approved is not null);
            Assert.Equal(1, h.RealWrites);
            Assert.Equal(1, await CountAsync(h, incident.Id, AuditKinds.StepStarted));
            Assert.Equal(IncidentState.Resolved, (await h.Replicas[0].Store.GetAsync(incident.Id))!.State);
            Assert.Equal(ProposalStatus.Executed, Assert.Single(await h.Replicas[1].Store.ProposalsAsync(incident.Id)).Status);
        }
    }

    [PostgresTheory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task DifferentApprovers_PressingOnDifferentReplicasAtOnce_ExecuteOnce(int replicas)
    {
        await using var h = await ReplicaHarness.StartAsync(server, replicas);
        for (var round = 0; round < Rounds; round++)
        {
            h.Load("platform-to-strict");
            var (incident, _) = await h.Replicas[0].Service.OpenAsync(Requests.PrometheusToApi, "carol", "command");
            var proposal = Assert.Single(await h.Replicas[0].Store.ProposalsAsync(incident.Id));

            // One approval is enough (medium risk): every replica's approver completes it, each on its own replica.
            await AllAtOnce(h.Replicas.Select((r, i) => (Func<Task>)(() =>
                Lost(() => r.Service.PressAsync(incident.Id, proposal.Id, ReplicaHarness.Approvers[i], VoteKind.Approve)))));

            Assert.Equal(1, h.RealWrites);
            Assert.Equal(1, await CountAsync(h, incident.Id, AuditKinds.StepStarted));
            Assert.Equal(1, await CountAsync(h, incident.Id, AuditKinds.Verification));
            Assert.Equal(IncidentState.Resolved, (await h.Replicas[0].Store.GetAsync(incident.Id))!.State);
            Assert.Equal(ProposalStatus.Executed, Assert.Single(await h.Replicas[0].Store.ProposalsAsync(incident.Id)).Status);
        }
    }

    [PostgresTheory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task OneApproval_AdvancedOnEveryReplicaAtOnce_ExecutesOnce(int replicas)
    {
        await using var h = await ReplicaHarness.StartAsync(server, replicas);
        for (var round = 0; round < Rounds; round++)
        {
            h.Load("platform-to-strict");
            var (incident, _) = await h.Replicas[0].Service.OpenAsync(Requests.PrometheusToApi, "carol", "command");
            var proposal = Assert.Single(await h.Replicas[0].Store.ProposalsAsync(incident.Id));
            // As the chat adapters do: answer the press at once, advance in the background — here on every replica.
            var outcome = await h.Replicas[1].Service.PressAsync(incident.Id, proposal.Id, "bob", VoteKind.Approve, advance: false);

            await AllAtOnce(h.Replicas.Select(r => (Func<Task>)(() => Lost(async () =>
            {
                await r.Service.AdvanceAsync(incident.Id);
                return outcome;
            }))));

            Assert.NotNull(outcome.Approved);
            Assert.Equal(1, h.RealWrites);
            Assert.Equal(1, await CountAsync(h, incident.Id, AuditKinds.StepStarted));
            Assert.Equal(IncidentState.Resolved, (await h.Replicas[0].Store.GetAsync(incident.Id))!.State);
        }
    }

    [PostgresFact]
    public async Task TwoPersonApproval_BothApproversOnTwoReplicasAtOnce_ExecutesOnce()
    {
        await using var h = await ReplicaHarness.StartAsync(server, 2);
        for (var round = 0; round < Rounds; round++)
        {
            h.Load("ca-expired");
            var leader = h.Replicas[0].Startup(TimeSpan.FromMinutes(1));
            var (incident, _) = await h.Replicas[0].Service.OpenAsync(Requests.Api, "carol", "command");
            var istiod = (await h.Replicas[0].Store.ProposalsAsync(incident.Id))[0];

            await AllAtOnce(h.Replicas.Select((r, i) => (Func<Task>)(() =>
                Lost(() => r.Service.PressAsync(incident.Id, istiod.Id, ReplicaHarness.Approvers[i], VoteKind.Approve)))));

            // Each press saw the other's vote missing, so neither may have completed the approval; the lease holder's
            // next round completes it from the recorded votes. Either way the high-risk restart runs exactly once.
            var writesAfterPresses = h.RealWrites;
            var tick = await leader.TickAsync(CancellationToken.None);

            Assert.Equal(2, (await h.Replicas[0].Store.VotesAsync(incident.Id, istiod.Id)).Count);
            Assert.InRange(writesAfterPresses, 0, 1);
            Assert.Equal(writesAfterPresses == 0 ? 1 : 0, tick.Completed);
            Assert.Equal(1, h.RealWrites);
            Assert.Equal(2, await CountAsync(h, incident.Id, AuditKinds.StepStarted)); // restart istiod, wait for its rollout
            Assert.Equal(ProposalStatus.Executed, (await h.Replicas[0].Store.ProposalsAsync(incident.Id))[0].Status);
            Assert.Equal(IncidentState.AwaitingApproval, (await h.Replicas[0].Store.GetAsync(incident.Id))!.State); // the workloads' restart is next
        }
    }

    [PostgresTheory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task DuplicateAlertDeliveries_ToEveryReplicaAtOnce_OpenOneIncidentAndOneThread(int replicas)
    {
        await using var h = await ReplicaHarness.StartAsync(server, replicas);
        var thread = ThreadState.Write([new ThreadState("test", "C-TRIAGE")]);
        for (var round = 0; round < Rounds; round++)
        {
            var groupKey = $"{{}}:{{alertname=\"IstioMtlsFailure\", round=\"{round}\"}}";
            var opened = new bool[replicas];
            var threadsBefore = h.Chat.ThreadsStarted;

            await AllAtOnce(h.Replicas.Select((r, i) => (Func<Task>)(async () =>
                opened[i] = (await r.Service.OpenAsync(Requests.PrometheusToApi, "alertmanager", "alert", groupKey, default, thread)).Created)));

            var incident = (await h.Replicas[0].Store.FindByGroupKeyAsync(groupKey))!;
            Assert.Single(opened, o => o);
            Assert.Equal(1, h.Chat.ThreadsStarted - threadsBefore);
            Assert.Equal(IncidentState.AwaitingApproval, incident.State);
            Assert.NotNull(ThreadState.Read(incident.Thread).Single().Head);
            Assert.Equal(1, await CountAsync(h, incident.Id, AuditKinds.Request));
        }
        Assert.Equal(Rounds, (await h.Replicas[0].Store.ListAsync()).Count);
    }

    [PostgresFact]
    public async Task ReplicaKilledMidPlan_AnotherReplicaRecoversTheExactRecord_AndTheIncidentGoesOn()
    {
        await using var h = await ReplicaHarness.StartAsync(server, 2);
        h.Load("ca-expired");
        var (dying, survivor) = (h.Replicas[0], h.Replicas[1]);
        var (incident, _) = await survivor.Service.OpenAsync(Requests.Api, "carol", "command");
        var proposals = await survivor.Store.ProposalsAsync(incident.Id);
        await survivor.Service.PressAsync(incident.Id, proposals[0].Id, "alice", VoteKind.Approve);
        await survivor.Service.PressAsync(incident.Id, proposals[0].Id, "bob", VoteKind.Approve);

        // Replica 0 takes the second proposal and dies inside its second workload restart: that write never returns.
        dying.Build(new FailingWriter(h.Cluster, failOnWrite: 2, hang: true));
        using var crash = new CancellationTokenSource();
        await dying.Service.PressAsync(incident.Id, proposals[1].Id, "alice", VoteKind.Approve);
        var pressing = dying.Service.PressAsync(incident.Id, proposals[1].Id, "bob", VoteKind.Approve, crash.Token);
        await WaitUntilAsync(async () => (await survivor.Store.StepsAsync(incident.Id)).Any(s => s.ProposalId == proposals[1].Id && s.Index == 1 && s.Status == StepStatus.Started));
        crash.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pressing);
        var writesBefore = h.RealWrites;

        var recovered = await survivor.Service.RecoverAsync();

        var final = (await survivor.Store.GetAsync(incident.Id))!;
        var recovery = await survivor.Store.AuditAsync(incident.Id).FirstAsync(e => e.Kind == AuditKinds.Recovery);
        Assert.Equal(1, recovered);
        Assert.Equal(IncidentState.RemediationFailed, final.State);
        Assert.Equal(writesBefore, h.RealWrites);
        Assert.Contains($"{proposals[1].Id} step 1", recovery.Summary);
        Assert.Contains($"{proposals[1].Id} step 2", recovery.Summary[recovery.Summary.IndexOf("outcome unknown", StringComparison.Ordinal)..]);
        Assert.Equal(ProposalStatus.Failed, (await survivor.Store.ProposalsAsync(incident.Id))[1].Status);

        // Resumable: a re-diagnosis on the surviving replica proposes afresh, and those buttons work there.
        Assert.True(await survivor.Service.RediagnoseAsync(incident.Id, "alice"));
        Assert.Equal(IncidentState.AwaitingApproval, (await survivor.Store.GetAsync(incident.Id))!.State);
        foreach (var proposal in await survivor.Store.ProposalsAsync(incident.Id))
        {
            await survivor.Service.PressAsync(incident.Id, proposal.Id, "alice", VoteKind.Approve);
            await survivor.Service.PressAsync(incident.Id, proposal.Id, "bob", VoteKind.Approve);
        }
        Assert.Equal(IncidentState.Resolved, (await survivor.Store.GetAsync(incident.Id))!.State);
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
