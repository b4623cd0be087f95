using MeshBot.Bot.Incidents;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Tests.Incidents;

/// <summary>The workflow end to end over a demo cluster and SQLite: approvals, refusals, execution, verification, audit.</summary>
public sealed class IncidentServiceTests
{
    [Fact]
    public async Task Open_SidecarMissing_WalksEveryBranchAndAwaitsApproval()
    {
        await using var h = await IncidentHarness.StartAsync("sidecar-missing-namespace");

        var (incident, created) = await h.OpenAsync(Requests.Api);

        Assert.True(created);
        Assert.Equal(IncidentState.AwaitingApproval, incident.State);
        Assert.Equal("sidecar-missing", incident.Verdict);
        Assert.Equal(["label-namespace", "rollout-restart"], (await h.ProposalsAsync(incident.Id)).Select(p => p.Proposal.Action));
        Assert.Equal(5, h.Events.OfType<BranchWalked>().Count());
        var walked = h.Events.OfType<IncidentStateChanged>().Select(e => e.To).ToArray();
        Assert.Equal([IncidentState.DiagnosingSidecarMissing, IncidentState.DiagnosingCrossNamespace, IncidentState.DiagnosingPlatformNamespace,
            IncidentState.DiagnosingCaRotation, IncidentState.DiagnosingInjectionWebhook, IncidentState.Diagnosed, IncidentState.AwaitingApproval], walked);
        Assert.Equal(0, h.AppliedWrites);
    }

    [Fact]
    public async Task Approve_EveryProposal_AppliesInOrderAndResolves()
    {
        await using var h = await IncidentHarness.StartAsync("sidecar-missing-namespace");
        var (incident, _) = await h.OpenAsync(Requests.Api);
        var proposals = await h.ProposalsAsync(incident.Id);

        var second = await h.Service.PressAsync(incident.Id, proposals[1].Id, "alice", VoteKind.Approve);
        var stillWaiting = await h.ReloadAsync(incident.Id);
        var first = await h.Service.PressAsync(incident.Id, proposals[0].Id, "bob", VoteKind.Approve);
        var final = await h.ReloadAsync(incident.Id);

        Assert.NotNull(second.Approved);
        Assert.Equal(IncidentState.AwaitingApproval, stillWaiting.State);
        Assert.NotNull(first.Approved);
        Assert.Equal(IncidentState.Resolved, final.State);
        var steps = await h.Store.StepsAsync(incident.Id);
        Assert.Equal(["label-namespace", "rollout-restart"], steps.Select(s => proposals.Single(p => p.Id == s.ProposalId).Proposal.Action).Distinct());
        Assert.Equal(["patch Namespace/payments (merge)", "rollout restart Deployment/payments/api", "wait for Deployment/payments/api to be ready"], steps.Select(s => s.Description));
        Assert.Contains(h.Events.OfType<IncidentVerified>(), v => v.Resolved);
    }

    [Fact]
    public async Task Press_Refusals_ChangeNothing()
    {
        await using var h = await IncidentHarness.StartAsync("platform-to-strict");
        var (incident, _) = await h.OpenAsync(Requests.PrometheusToApi, requester: "alice");
        var proposal = Assert.Single(await h.ProposalsAsync(incident.Id));

        var stranger = await h.Service.PressAsync(incident.Id, proposal.Id, "mallory", VoteKind.Approve);
        var requester = await h.Service.PressAsync(incident.Id, proposal.Id, "alice", VoteKind.Approve);
        var unknown = await h.Service.PressAsync(incident.Id, "no-such-proposal", "bob", VoteKind.Approve);

        Assert.Equal(RefusalReason.NotAnApprover, stranger.Refusal);
        Assert.Equal(RefusalReason.OwnRequest, requester.Refusal);
        Assert.True(unknown.Refused);
        Assert.Empty(await h.Store.VotesAsync(incident.Id, proposal.Id));
        Assert.Equal(0, h.AppliedWrites);
        Assert.Equal(IncidentState.AwaitingApproval, (await h.ReloadAsync(incident.Id)).State);
        Assert.Equal(3, await CountAuditAsync(h, AuditKinds.Refusal));
    }

    [Fact]
    public async Task Press_TwoPersonRisk_NeedsTwoDistinctApproversAndRefusesTheSecondPressOfTheFirst()
    {
        await using var h = await IncidentHarness.StartAsync("ca-expired");
        var (incident, _) = await h.OpenAsync(Requests.Api);
        var istiod = (await h.ProposalsAsync(incident.Id))[0];

        var first = await h.Service.PressAsync(incident.Id, istiod.Id, "alice", VoteKind.Approve);
        var again = await h.Service.PressAsync(incident.Id, istiod.Id, "alice", VoteKind.Approve);
        var writesAfterOne = h.AppliedWrites;
        var second = await h.Service.PressAsync(incident.Id, istiod.Id, "bob", VoteKind.Approve);

        Assert.Equal("restart-istiod", istiod.Proposal.Action);
        Assert.Null(first.Approved);
        Assert.Equal(RefusalReason.AlreadyVoted, again.Refusal);
        Assert.Equal(0, writesAfterOne);
        Assert.NotNull(second.Approved);
        Assert.True(h.AppliedWrites > 0);
    }

    [Fact]
    public async Task Reject_TheOnlyProposal_EndsRejectedWithoutWrites()
    {
        await using var h = await IncidentHarness.StartAsync("platform-to-strict");
        var (incident, _) = await h.OpenAsync(Requests.PrometheusToApi);
        var proposal = Assert.Single(await h.ProposalsAsync(incident.Id));

        var rejected = await h.Service.PressAsync(incident.Id, proposal.Id, "bob", VoteKind.Reject);
        var late = await h.Service.PressAsync(incident.Id, proposal.Id, "alice", VoteKind.Approve);

        Assert.True(rejected.IsRejection);
        Assert.Equal(IncidentState.Rejected, (await h.ReloadAsync(incident.Id)).State);
        Assert.Equal(RefusalReason.Rejected, late.Refusal);
        Assert.Equal(0, h.AppliedWrites);
    }

    [Fact]
    public async Task ExpireDue_AfterTheWindow_ExpiresAndLaterPressesAreRefused()
    {
        await using var h = await IncidentHarness.StartAsync("platform-to-strict");
        var (incident, _) = await h.OpenAsync(Requests.PrometheusToApi);
        var proposal = Assert.Single(await h.ProposalsAsync(incident.Id));

        Assert.Equal(0, await h.Service.ExpireDueAsync());
        h.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await h.Service.ExpireDueAsync();
        var late = await h.Service.PressAsync(incident.Id, proposal.Id, "alice", VoteKind.Approve);

        Assert.Equal(1, expired);
        Assert.Equal(IncidentState.Expired, (await h.ReloadAsync(incident.Id)).State);
        Assert.True(late.Refused);
        Assert.Equal(0, h.AppliedWrites);
    }

    [Fact]
    public async Task Press_ClusterChangedSinceTheProposal_IsRefusedAsStale()
    {
        await using var h = await IncidentHarness.StartAsync("sidecar-missing-namespace");
        var (incident, _) = await h.OpenAsync(Requests.Api);
        var label = (await h.ProposalsAsync(incident.Id))[0];
        await h.Cluster.PatchAsync(MeshBot.Cluster.ResourceKinds.Namespace, null, "payments", MeshBot.Cluster.Writing.PatchType.Merge, """{"metadata":{"labels":{"team":"payments"}}}""", dryRun: false);
        var writes = h.AppliedWrites;

        var outcome = await h.Service.PressAsync(incident.Id, label.Id, "alice", VoteKind.Approve);

        Assert.Equal(RefusalReason.Stale, outcome.Refusal);
        Assert.Equal(writes, h.AppliedWrites);
    }

    [Fact]
    public async Task Open_SameAlertGroupTwice_OpensOneIncident()
    {
        await using var h = await IncidentHarness.StartAsync("platform-to-strict");

        var (first, created) = await h.OpenAsync(Requests.PrometheusToApi, "alertmanager", "{}:{alertname=\"IstioPlaintextRejected\"}");
        var (second, again) = await h.OpenAsync(Requests.PrometheusToApi, "alertmanager", "{}:{alertname=\"IstioPlaintextRejected\"}");

        Assert.True(created);
        Assert.False(again);
        Assert.Equal(first.Id, second.Id);
        Assert.Single(await h.Store.ListAsync());
    }

    [Fact]
    public async Task EscalateAndAlertResolved_FromAwaitingApproval_StopTheBot()
    {
        await using var h = await IncidentHarness.StartAsync("platform-to-strict");
        var (incident, _) = await h.OpenAsync(Requests.PrometheusToApi, "alertmanager", "group-1");
        var proposal = Assert.Single(await h.ProposalsAsync(incident.Id));

        Assert.True(await h.Service.EscalateAsync(incident.Id, "alice"));
        var press = await h.Service.PressAsync(incident.Id, proposal.Id, "bob", VoteKind.Approve);
        var resolved = await h.Service.AlertResolvedAsync("group-1");

        Assert.Equal(RefusalReason.NotAwaitingApproval, press.Refusal);
        Assert.Equal(IncidentState.AlertResolved, resolved!.State);
        Assert.Equal(0, h.AppliedWrites);
    }

    [Fact]
    public async Task Rediagnose_AfterResolution_WalksAgainAndFindsItHealthy()
    {
        await using var h = await IncidentHarness.StartAsync("platform-to-strict");
        var (incident, _) = await h.OpenAsync(Requests.PrometheusToApi);
        await h.Service.PressAsync(incident.Id, (await h.ProposalsAsync(incident.Id))[0].Id, "alice", VoteKind.Approve);

        Assert.True(await h.Service.RediagnoseAsync(incident.Id, "bob"));

        var again = await h.ReloadAsync(incident.Id);
        Assert.Equal(IncidentState.Healthy, again.State);
        Assert.Equal("healthy", again.Verdict);
    }

    [Fact]
    public async Task Audit_EveryTransitionAndDecision_IsRecordedWithActorAndCorrelation()
    {
        await using var h = await IncidentHarness.StartAsync("platform-to-strict");
        var (incident, _) = await h.OpenAsync(Requests.PrometheusToApi, requester: "carol");
        await h.Service.PressAsync(incident.Id, (await h.ProposalsAsync(incident.Id))[0].Id, "alice", VoteKind.Approve);

        var audit = new List<AuditEntry>();
        await foreach (var entry in h.Store.AuditAsync(incident.Id))
        {
            audit.Add(entry);
        }

        Assert.All(audit, a => Assert.Equal(incident.CorrelationId, a.CorrelationId));
        Assert.Equal("carol", audit.First(a => a.Kind == AuditKinds.Request).Actor);
        Assert.Contains(audit, a => a.Kind == AuditKinds.Diagnosis);
        Assert.Contains(audit, a => a.Kind == AuditKinds.Proposal);
        Assert.Contains(audit, a => a.Kind == AuditKinds.Approval && a.Actor == "alice");
        Assert.Contains(audit, a => a.Kind == AuditKinds.StepFinished);
        Assert.Contains(audit, a => a.Kind == AuditKinds.Verification);
        Assert.Contains(audit, a => a.Kind == AuditKinds.Transition && a.Summary.StartsWith("Verifying → Resolved", StringComparison.Ordinal));
        Assert.Equal(audit.OrderBy(a => a.Sequence).Select(a => a.Sequence), audit.Select(a => a.Sequence));
    }

    private static async Task<int> CountAuditAsync(IncidentHarness h, string kind)
    {
        var count = 0;
        await foreach (var entry in h.Store.AuditAsync())
        {
            count += entry.Kind == kind ? 1 : 0;
        }
        return count;
    }

    [Fact]
    public async Task Execute_StepFails_StopsAndReportsWhatWasAndWasNotDone()
    {
        await using var h = await IncidentHarness.StartAsync("ca-expired");
        h.Restart(new FailingWriter(h.Cluster, failOnWrite: 2));
        var (incident, _) = await h.OpenAsync(Requests.Api);
        var proposals = await h.ProposalsAsync(incident.Id);
        foreach (var approver in IncidentHarness.Approvers)
        {
            await h.Service.PressAsync(incident.Id, proposals[0].Id, approver, VoteKind.Approve);
        }
        foreach (var approver in IncidentHarness.Approvers)
        {
            await h.Service.PressAsync(incident.Id, proposals[1].Id, approver, VoteKind.Approve);
        }

        var final = await h.ReloadAsync(incident.Id);
        var steps = await h.Store.StepsAsync(incident.Id);

        Assert.Equal(IncidentState.RemediationFailed, final.State);
        Assert.Contains(steps, s => s.Status == StepStatus.Failed && s.Detail.Contains("injected failure", StringComparison.Ordinal));
        Assert.Equal(ProposalStatus.Failed, (await h.ProposalsAsync(incident.Id))[1].Status);
    }
}
