namespace MeshBot.Bot.Incidents;

/// <summary>
/// One line of the append-only audit trail: every request, diagnosis, proposal, vote, refusal, execution step and
/// transition, with who or what caused it, when, and the incident's correlation id. Exported as JSON lines.
/// </summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string? IncidentId, string? CorrelationId, string Actor, string Kind, string Summary, string? DetailJson = null);

/// <summary>The kinds of audit entry.</summary>
public static class AuditKinds
{
    public const string Request = "request";
    public const string Transition = "transition";
    public const string Diagnosis = "diagnosis";
    public const string Proposal = "proposal";
    public const string Approval = "approval";
    public const string Rejection = "rejection";
    public const string Refusal = "refusal";
    public const string StepStarted = "execution-step-started";
    public const string StepFinished = "execution-step-finished";
    public const string Verification = "verification";
    public const string Recovery = "recovery";
}
