using MeshBot.Bot.Incidents;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Tests.Incidents;

/// <summary>A new process over the same SQLite file continues correctly, and never silently repeats a half-done plan.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Restart_WhileAwaitingApproval_ButtonsKeepWorking()
    {
        await using var h = await IncidentHarness.StartAsync("platform-to-strict");
        var (incident, _) = await h.OpenAsync(Requests.PrometheusToApi);
        var proposal = Assert.Single(await h.ProposalsAsync(incident.Id));

        var service = h.Restart();
        var recovered = await service.RecoverAsync();
        var outcome = await service.PressAsync(incident.Id, proposal.Id, "alice", VoteKind.Approve);

        Assert.Equal(0, recovered);
        Assert.NotNull(outcome.Approved);
        Assert.Equal(IncidentState.Resolved, (await h.ReloadAsync(incident.Id)).State);
    }

    [Fact]
    public async Task Restart_HalfwayThroughTwoPersonApproval_KeepsTheFirstApproval()
    {
        await using var h = await IncidentHarness.StartAsync("ca-expired");
        var (incident, _) = await h.OpenAsync(Requests.Api);
        var istiod = (await h.ProposalsAsync(incident.Id))[0];
        await h.Service.PressAsync(incident.Id, istiod.Id, "alice", VoteKind.Approve);

        var service = h.Restart();
        var again = await service.PressAsync(incident.Id, istiod.Id, "alice", VoteKind.Approve);
        var second = await service.PressAsync(incident.Id, istiod.Id, "bob", VoteKind.Approve);

        Assert.Equal(RefusalReason.AlreadyVoted, again.Refusal);
        Assert.NotNull(second.Approved);
    }

    [Fact]
    public async Task Restart_DuringExecution_MarksRemediationFailedWithTheExactRecordAndRepeatsNothing()
    {
        await using var h = await IncidentHarness.StartAsync("ca-expired");
        var (incident, _) = await h.OpenAsync(Requests.Api);
        var proposals = await h.ProposalsAsync(incident.Id);
        foreach (var approver in IncidentHarness.Approvers)
        {
            await h.Service.PressAsync(incident.Id, proposals[0].Id, approver, VoteKind.Approve);
        }

        // The process "dies" inside the second workload restart: that write never returns.
        var dying = h.Restart(new FailingWriter(h.Cluster, failOnWrite: 2, hang: true));
        using var crash = new CancellationTokenSource();
        await dying.PressAsync(incident.Id, proposals[1].Id, "alice", VoteKind.Approve);
        var pressing = dying.PressAsync(incident.Id, proposals[1].Id, "bob", VoteKind.Approve, crash.Token);
        await WaitUntilAsync(async () => (await h.Store.StepsAsync(incident.Id)).Any(s => s.ProposalId == proposals[1].Id && s.Index == 1 && s.Status == StepStatus.Started));
        crash.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pressing);
        var writesBefore = h.AppliedWrites;

        var recovered = await h.Restart().RecoverAsync();

        var final = await h.ReloadAsync(incident.Id);
        var recovery = await FirstAsync(h, AuditKinds.Recovery);
        Assert.Equal(1, recovered);
        Assert.Equal(IncidentState.RemediationFailed, final.State);
        Assert.Equal(writesBefore, h.AppliedWrites);
        Assert.Contains($"{proposals[1].Id} step 1", recovery.Summary);
        Assert.Contains("outcome unknown:", recovery.Summary);
        Assert.Contains($"{proposals[1].Id} step 2", recovery.Summary[recovery.Summary.IndexOf("outcome unknown", StringComparison.Ordinal)..]);
        Assert.Equal(ProposalStatus.Failed, (await h.ProposalsAsync(incident.Id))[1].Status);
    }

    [Fact]
    public async Task Restart_AfterApprovalBeforeTheAdvanceRan_ExecutesThePlanOnceAndSaysSo()
    {
        // The chat adapters answer a press at once and queue the execution; the process dies before it runs.
        await using var h = await IncidentHarness.StartAsync("platform-to-strict");
        var (incident, _) = await h.OpenAsync(Requests.PrometheusToApi);
        var proposal = Assert.Single(await h.ProposalsAsync(incident.Id));
        var outcome = await h.Service.PressAsync(incident.Id, proposal.Id, "alice", VoteKind.Approve, advance: false);
        Assert.NotNull(outcome.Approved);
        Assert.Equal(0, h.AppliedWrites);

        var restarted = h.Restart();
        var recoverable = await restarted.RecoverableAsync();
        var recovered = await restarted.RecoverAsync();
        var again = await h.Restart().RecoverAsync();

        Assert.Equal([incident.Id], recoverable);
        Assert.Equal(1, recovered);
        Assert.Equal(0, again);
        Assert.Equal(1, h.AppliedWrites);
        Assert.Equal(IncidentState.Resolved, (await h.ReloadAsync(incident.Id)).State);
        Assert.Equal(ProposalStatus.Executed, (await h.ProposalsAsync(incident.Id))[0].Status);
        Assert.Contains($"approved before the restart and not yet run: {proposal.Id}", (await FirstAsync(h, AuditKinds.Recovery)).Summary);
        Assert.Contains(h.Events.OfType<IncidentRecovered>(), e => e.Incident.Id == incident.Id && e.Message.Contains("runs now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_ExecutingBeforeTheFirstStepWasJournalled_ExecutesThePlanOnce()
    {
        await using var h = await IncidentHarness.StartAsync("platform-to-strict");
        var (incident, _) = await h.OpenAsync(Requests.PrometheusToApi);
        var proposal = Assert.Single(await h.ProposalsAsync(incident.Id));
        await h.Service.PressAsync(incident.Id, proposal.Id, "alice", VoteKind.Approve, advance: false);
        // Killed between the Approved transition and the executor's first journal entry.
        var executing = await h.ReloadAsync(incident.Id);
        executing.State = IncidentState.Executing;
        await h.Store.UpdateAsync(executing);

        var recovered = await h.Restart().RecoverAsync();

        Assert.Equal(1, recovered);
        Assert.Equal(1, h.AppliedWrites);
        Assert.Equal(IncidentState.Resolved, (await h.ReloadAsync(incident.Id)).State);
    }

    [Fact]
    public async Task Restart_WithAReceivedCommand_DiagnosesIt()
    {
        await using var h = await IncidentHarness.StartAsync("platform-to-strict");
        var (incident, created) = await h.Service.ReceiveAsync(Requests.PrometheusToApi, "carol", "command", null, null);

        var recovered = await h.Restart().RecoverAsync();

        Assert.True(created);
        Assert.Equal(1, recovered);
        Assert.Equal(IncidentState.AwaitingApproval, (await h.ReloadAsync(incident.Id)).State);
        Assert.Contains(h.Events.OfType<IncidentOpened>(), e => e.Incident.Id == incident.Id && e.Created);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500 && !await condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(await condition(), "condition not reached");
    }

    private static async Task<AuditEntry> FirstAsync(IncidentHarness h, string kind)
    {
        await foreach (var entry in h.Store.AuditAsync())
        {
            if (entry.Kind == kind)
            {
                return entry;
            }
        }
        throw new InvalidOperationException($"no {kind} entry");
    }
}
