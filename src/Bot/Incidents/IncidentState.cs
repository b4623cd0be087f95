namespace MeshBot.Bot.Incidents;

/// <summary>Where an incident is. Diagnosing has one substate per runbook branch, walked in tree order.</summary>
public enum IncidentState
{
    Received,
    Diagnosing,
    DiagnosingSidecarMissing,
    DiagnosingCrossNamespace,
    DiagnosingPlatformNamespace,
    DiagnosingCaRotation,
    DiagnosingInjectionWebhook,
    Diagnosed,
    Healthy,
    Inconclusive,
    AwaitingApproval,
    Executing,
    Verifying,
    Resolved,
    RemediationFailed,
    Rejected,
    Expired,
    Escalated,
    AlertResolved,

    /// <summary>Not a state an incident is in: the superstate of every state from which a human can escalate or an alert can resolve.</summary>
    Open,
}
