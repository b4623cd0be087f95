using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Bot.Incidents;

/// <summary>
/// One incident: opened by a command or an alert group, diagnosed, perhaps remediated. Its state is what the
/// workflow machine reads and writes; everything here is persisted.
/// </summary>
public sealed class Incident
{
    public required string Id { get; init; }

    /// <summary>Ties the incident's audit entries and log lines together.</summary>
    public required string CorrelationId { get; init; }

    /// <summary><c>command</c>, <c>alert</c> or <c>demo</c>.</summary>
    public required string Origin { get; init; }

    /// <summary>The Alertmanager <c>groupKey</c> for alert incidents: one incident (and one thread) per group.</summary>
    public string? GroupKey { get; init; }

    /// <summary>Who asked: a chat user id, or <c>alertmanager</c>. Never an approver of this incident's fixes.</summary>
    public required string Requester { get; init; }

    public required DiagnosisRequest Request { get; init; }

    public IncidentState State { get; set; } = IncidentState.Received;

    /// <summary>The latest diagnosis as the <c>meshbot.diagnosis/v1</c> JSON document.</summary>
    public string? ReportJson { get; set; }

    /// <summary>The latest verdict word (a branch, <c>healthy</c> or <c>inconclusive</c>).</summary>
    public string? Verdict { get; set; }

    /// <summary>The verdict that opened the remediation; verification looks for it to be gone.</summary>
    public string? Cause { get; set; }

    /// <summary>The chat thread of the incident (adapter-specific reference), once posted.</summary>
    public string? Thread { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public override string ToString() => $"{Id} {Request.Target} {State}";
}
