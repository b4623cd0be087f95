namespace MeshBot.Remediation.Approval;

/// <summary>
/// What a press did: refused (with the reason shown to the presser; nothing recorded), recorded but waiting for a
/// second approver, approved (ready to execute), or rejected.
/// </summary>
public sealed record ApprovalOutcome(Vote? Recorded, RefusalReason? Refusal, string Message, ApprovedProposal? Approved)
{
    public bool Refused => Refusal is not null;

    public bool IsRejection => Recorded?.Kind == VoteKind.Reject;
}
