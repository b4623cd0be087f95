namespace MeshBot.Remediation.Approval;

public enum RefusalReason
{
    NotAnApprover,
    OwnRequest,
    AlreadyVoted,
    AlreadyDecided,
    Rejected,
    Expired,
    Stale,
    NotAwaitingApproval,
}
