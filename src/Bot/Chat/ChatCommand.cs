using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Bot.Chat;

/// <summary>What a person typed (<c>/meshbot …</c> in Slack, <c>@MeshBot …</c> in Teams, the console).</summary>
public abstract record ChatCommand
{
    public sealed record Diagnose(DiagnosisRequest Request) : ChatCommand;

    public sealed record Status(string? IncidentId) : ChatCommand;

    public sealed record Approve(string IncidentId, string? ProposalId) : ChatCommand;

    public sealed record Reject(string IncidentId, string? ProposalId) : ChatCommand;

    public sealed record Escalate(string IncidentId) : ChatCommand;

    public sealed record Rediagnose(string IncidentId) : ChatCommand;

    public sealed record Silence(string IncidentId, TimeSpan Duration) : ChatCommand;

    public sealed record Help(string? Problem = null) : ChatCommand;
}
