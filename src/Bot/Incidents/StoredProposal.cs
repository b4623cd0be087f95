using MeshBot.Remediation.Execution;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Incidents;

public enum ProposalStatus
{
    Proposed,
    Approved,
    Rejected,
    Executed,
    Failed,
    Expired,
}

/// <summary>A proposal as the incident keeps it: its place in the plan, its preview, the fingerprint it was proposed against.</summary>
public sealed record StoredProposal(
    string IncidentId,
    int Sequence,
    RemediationProposal Proposal,
    PlanPreview Preview,
    ProposalStatus Status,
    DateTimeOffset ProposedAt)
{
    public string Id => Proposal.Id;

    public bool Undecided => Status == ProposalStatus.Proposed;
}
