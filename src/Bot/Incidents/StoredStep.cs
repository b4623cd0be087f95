using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Incidents;

/// <summary>An execution step as persisted: started before it runs, finished after, so a crash leaves the truth.</summary>
public sealed record StoredStep(string IncidentId, string ProposalId, int Index, string Description, StepStatus Status, string Detail, DateTimeOffset At);
