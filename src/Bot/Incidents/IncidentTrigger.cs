namespace MeshBot.Bot.Incidents;

public enum IncidentTrigger
{
    Diagnose,
    StepDone,
    CauseFound,
    NothingFound,
    Undecided,
    Propose,
    Approved,
    AllRejected,
    Expire,
    StepsSucceeded,
    PlanDone,
    MoreToApprove,
    ExecutionFailed,
    Verified,
    VerificationFailed,
    Escalate,
    AlertResolved,
    Rediagnose,
}
