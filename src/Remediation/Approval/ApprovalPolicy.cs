using MeshBot.Remediation.Proposals;

namespace MeshBot.Remediation.Approval;

/// <summary>
/// Who may approve what, when. Only configured approvers; at or above <see cref="ApprovalOptions.TwoPersonRisk"/>
/// two distinct approvers; the person who asked for the fix is never one of them (they may still reject it); proposals expire; a second press
/// of the same button, a press after expiry, after a rejection or after the decision, and a press on a proposal the
/// cluster has moved away from are refused with a reason and record nothing.
/// </summary>
public sealed class ApprovalPolicy(ApprovalOptions options, TimeProvider time)
{
    public ApprovalOptions Options => options;

    public ApprovalOutcome Press(ProposalStanding standing, string actor, VoteKind kind, bool stale)
    {
        var proposal = standing.Proposal;
        var now = time.GetUtcNow();
        var approvals = standing.Votes.Where(v => v.Kind == VoteKind.Approve).ToArray();
        var needed = options.ApprovalsNeeded(proposal.Risk);

        if (Refuse(standing, actor, kind, now, stale, approvals, needed) is { } refusal)
        {
            return new ApprovalOutcome(null, refusal.Reason, refusal.Message, null);
        }

        var vote = new Vote(proposal.Id, actor, kind, now);
        if (kind == VoteKind.Reject)
        {
            return new ApprovalOutcome(vote, null, $"{proposal.Action} {proposal.Target} rejected by {actor}; nothing will be applied", null);
        }

        var all = approvals.Append(vote).ToArray();
        return all.Length >= needed
            ? new ApprovalOutcome(vote, null, $"{proposal.Action} {proposal.Target} approved by {string.Join(" and ", all.Select(a => a.Actor))}", new ApprovedProposal(proposal, all))
            : new ApprovalOutcome(vote, null, $"{proposal.Action} {proposal.Target}: first approval, by {actor}; {proposal.Risk.ToString().ToLowerInvariant()} risk needs a second approver (not {actor}, not {standing.Requester}) before anything runs", null);
    }

    /// <summary>
    /// Rebuilds the approval from recorded votes (after a restart, or when an approved proposal waits for the one
    /// before it): null unless the votes still satisfy the policy — enough distinct configured approvers, none of
    /// them the requester, no rejection.
    /// </summary>
    public ApprovedProposal? FromRecord(ProposalStanding standing)
    {
        if (standing.Votes.Any(v => v.Kind == VoteKind.Reject))
        {
            return null;
        }
        var approvals = standing.Votes
            .Where(v => v.Kind == VoteKind.Approve && v.Actor != standing.Requester && options.Approvers.Contains(v.Actor, StringComparer.Ordinal))
            .DistinctBy(v => v.Actor)
            .ToArray();
        return approvals.Length >= options.ApprovalsNeeded(standing.Proposal.Risk) ? new ApprovedProposal(standing.Proposal, approvals) : null;
    }

    public bool IsExpired(ProposalStanding standing) => time.GetUtcNow() > standing.ProposedAt + options.Expiry;

    private (RefusalReason Reason, string Message)? Refuse(ProposalStanding standing, string actor, VoteKind kind, DateTimeOffset now, bool stale, Vote[] approvals, int needed)
    {
        var proposal = standing.Proposal;
        if (!options.Approvers.Contains(actor, StringComparer.Ordinal))
        {
            return (RefusalReason.NotAnApprover, $"{actor} is not an approver (MeshBot:Approval:Approvers); nothing was changed");
        }
        if (standing.Votes.FirstOrDefault(v => v.Kind == VoteKind.Reject) is { } rejection)
        {
            return (RefusalReason.Rejected, $"{proposal.Id} was already rejected by {rejection.Actor}; nothing was changed");
        }
        if (standing.Executed || approvals.Length >= needed)
        {
            return (RefusalReason.AlreadyDecided, $"{proposal.Id} is already approved{(standing.Executed ? " and executed" : "")}; nothing was changed");
        }
        if (standing.Votes.Any(v => v.Actor == actor))
        {
            return (RefusalReason.AlreadyVoted, $"{actor} already pressed a button on {proposal.Id}; a second approver is needed");
        }
        if (!standing.AwaitingApproval)
        {
            return (RefusalReason.NotAwaitingApproval, $"the incident is not awaiting approval; nothing was changed");
        }
        if (now > standing.ProposedAt + options.Expiry)
        {
            return (RefusalReason.Expired, $"{proposal.Id} expired at {standing.ProposedAt + options.Expiry:yyyy-MM-dd HH:mm}Z; re-diagnose for a fresh proposal");
        }
        if (kind == VoteKind.Approve && actor == standing.Requester)
        {
            return (RefusalReason.OwnRequest, $"{actor} asked for this fix and cannot approve it; another approver must");
        }
        if (stale)
        {
            return (RefusalReason.Stale, $"the cluster changed since {proposal.Id} was proposed; re-diagnose for a fresh proposal");
        }
        return null;
    }
}
