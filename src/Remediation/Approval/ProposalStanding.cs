using MeshBot.Remediation.Proposals;

namespace MeshBot.Remediation.Approval;

/// <summary>What the policy needs to know about a proposal when someone presses its button.</summary>
public sealed record ProposalStanding(
    RemediationProposal Proposal,
    string Requester,
    DateTimeOffset ProposedAt,
    IReadOnlyList<Vote> Votes,
    bool AwaitingApproval,
    bool Executed);
