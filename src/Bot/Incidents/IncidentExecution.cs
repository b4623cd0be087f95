using MeshBot.Remediation.Approval;

namespace MeshBot.Bot.Incidents;

/// <summary>
/// Button presses and what follows them. A press goes through the approval policy; a completed approval executes
/// the plan in order — a proposal runs only once every proposal before it is decided — stopping at the first
/// failure; when every proposal is decided the incident is verified by a fresh diagnosis.
/// </summary>
internal sealed class IncidentExecution(IncidentRuntime runtime, IncidentTransitions transitions, IncidentDiagnosis diagnosis)
{
    public async Task<ApprovalOutcome> PressAsync(Incident incident, string proposalId, string actor, VoteKind kind, bool advance, CancellationToken cancellationToken)
    {
        var proposals = await runtime.Store.ProposalsAsync(incident.Id, cancellationToken).ConfigureAwait(false);
        var stored = proposals.FirstOrDefault(p => p.Id == proposalId);
        if (stored is null)
        {
            return await RefuseAsync(incident, proposalId, actor, new ApprovalOutcome(null, RefusalReason.NotAwaitingApproval, $"incident {incident.Id} has no proposal {proposalId}", null), cancellationToken).ConfigureAwait(false);
        }

        var standing = await StandingAsync(incident, stored, cancellationToken).ConfigureAwait(false);
        var stale = kind == VoteKind.Approve && standing.AwaitingApproval
            && await runtime.Executor.FingerprintAsync(stored.Proposal, cancellationToken).ConfigureAwait(false) != stored.Preview.Fingerprint;
        var outcome = runtime.Policy.Press(standing, actor, kind, stale);
        if (outcome.Refused)
        {
            return await RefuseAsync(incident, proposalId, actor, outcome, cancellationToken).ConfigureAwait(false);
        }
        if (!await runtime.Store.AddVoteAsync(incident.Id, outcome.Recorded!, cancellationToken).ConfigureAwait(false))
        {
            // Another press by the same person won the race (double click, two replicas): it counts once.
            return await RefuseAsync(incident, proposalId, actor, new ApprovalOutcome(null, RefusalReason.AlreadyVoted, $"{actor} already pressed a button on {proposalId}", null), cancellationToken).ConfigureAwait(false);
        }

        // Two approvers pressing at once on two replicas each miss the other's vote: the record decides.
        if (outcome.Approved is null && !outcome.IsRejection && runtime.Policy.FromRecord(await StandingAsync(incident, stored, cancellationToken).ConfigureAwait(false)) is { } completed)
        {
            outcome = outcome with { Approved = completed, Message = $"{stored.Proposal.Action} {stored.Proposal.Target} approved by {string.Join(" and ", completed.Approvals.Select(a => a.Actor))}" };
        }
        await runtime.AuditAsync(incident, actor, outcome.IsRejection ? AuditKinds.Rejection : AuditKinds.Approval, outcome.Message, null, cancellationToken).ConfigureAwait(false);
        await runtime.NotifyAsync(new PressAnswered(incident, proposalId, actor, outcome), cancellationToken).ConfigureAwait(false);
        if (outcome.IsRejection || outcome.Approved is not null)
        {
            await runtime.Store.SetProposalStatusAsync(incident.Id, proposalId, outcome.IsRejection ? ProposalStatus.Rejected : ProposalStatus.Approved, cancellationToken).ConfigureAwait(false);
            if (advance)
            {
                await AdvanceAsync(incident, cancellationToken).ConfigureAwait(false);
            }
        }
        return outcome;
    }

    /// <summary>Runs every approved proposal whose turn it is, then settles the incident if nothing is left undecided.</summary>
    public async Task AdvanceAsync(Incident incident, CancellationToken cancellationToken)
    {
        foreach (var stored in await runtime.Store.ProposalsAsync(incident.Id, cancellationToken).ConfigureAwait(false))
        {
            if (stored.Undecided)
            {
                break;
            }
            if (stored.Status != ProposalStatus.Approved)
            {
                continue;
            }
            var approved = runtime.Policy.FromRecord(await StandingAsync(incident, stored, cancellationToken).ConfigureAwait(false));
            if (approved is null)
            {
                continue; // the record no longer satisfies the policy (an approver was removed): it waits for a new approval
            }
            if (incident.State == IncidentState.AwaitingApproval)
            {
                await transitions.FireAsync(incident, IncidentTrigger.Approved, approved.Approvals[^1].Actor, cancellationToken).ConfigureAwait(false);
            }
            var result = await runtime.Executor.ExecuteAsync(approved, new StoreJournal(runtime, incident), cancellationToken).ConfigureAwait(false);
            await runtime.Store.SetProposalStatusAsync(incident.Id, stored.Id, result.Succeeded ? ProposalStatus.Executed : ProposalStatus.Failed, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                await runtime.AuditAsync(incident, "meshbot", AuditKinds.StepFinished, $"{stored.Id} failed: {result.Summary()}", null, cancellationToken).ConfigureAwait(false);
                await transitions.FireAsync(incident, IncidentTrigger.ExecutionFailed, "meshbot", cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        var proposals = await runtime.Store.ProposalsAsync(incident.Id, cancellationToken).ConfigureAwait(false);
        var undecided = proposals.Any(p => p.Undecided);
        var applied = proposals.Any(p => p.Status == ProposalStatus.Executed);
        switch (incident.State)
        {
            case IncidentState.Executing when undecided:
                await transitions.FireAsync(incident, IncidentTrigger.MoreToApprove, "meshbot", cancellationToken).ConfigureAwait(false);
                break;
            case IncidentState.Executing:
                await transitions.FireAsync(incident, IncidentTrigger.StepsSucceeded, "meshbot", cancellationToken).ConfigureAwait(false);
                await diagnosis.VerifyAsync(incident, cancellationToken).ConfigureAwait(false);
                break;
            case IncidentState.AwaitingApproval when !undecided && applied:
                await transitions.FireAsync(incident, IncidentTrigger.PlanDone, "meshbot", cancellationToken).ConfigureAwait(false);
                await diagnosis.VerifyAsync(incident, cancellationToken).ConfigureAwait(false);
                break;
            case IncidentState.AwaitingApproval when !undecided && proposals.All(p => p.Status == ProposalStatus.Rejected):
                await transitions.FireAsync(incident, IncidentTrigger.AllRejected, "meshbot", cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task<ProposalStanding> StandingAsync(Incident incident, StoredProposal stored, CancellationToken cancellationToken) => new(
        stored.Proposal,
        incident.Requester,
        stored.ProposedAt,
        await runtime.Store.VotesAsync(incident.Id, stored.Id, cancellationToken).ConfigureAwait(false),
        incident.State == IncidentState.AwaitingApproval,
        stored.Status is ProposalStatus.Executed or ProposalStatus.Failed);

    private async Task<ApprovalOutcome> RefuseAsync(Incident incident, string proposalId, string actor, ApprovalOutcome outcome, CancellationToken cancellationToken)
    {
        await runtime.AuditAsync(incident, actor, AuditKinds.Refusal, $"{proposalId}: {outcome.Refusal}: {outcome.Message}", null, cancellationToken).ConfigureAwait(false);
        await runtime.NotifyAsync(new PressAnswered(incident, proposalId, actor, outcome), cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
