namespace MeshBot.Remediation.Approval;

public enum VoteKind
{
    Approve,
    Reject,
}

/// <summary>One recorded button press that counted.</summary>
public sealed record Vote(string ProposalId, string Actor, VoteKind Kind, DateTimeOffset At);
