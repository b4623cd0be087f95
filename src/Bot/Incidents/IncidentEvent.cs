using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Incidents;

/// <summary>What happened to an incident, for the chat thread (or the console) to show.</summary>
public abstract record IncidentEvent(Incident Incident);

public sealed record IncidentOpened(Incident Incident, bool Created) : IncidentEvent(Incident);

public sealed record IncidentStateChanged(Incident Incident, IncidentState From, IncidentState To, IncidentTrigger Trigger, string Actor) : IncidentEvent(Incident);

/// <summary>One branch of the runbook walked, with its result and evidence.</summary>
public sealed record BranchWalked(Incident Incident, Step Step) : IncidentEvent(Incident);

public sealed record IncidentDiagnosed(Incident Incident, DiagnosisReport Report, IReadOnlyList<StoredProposal> Proposals) : IncidentEvent(Incident);

/// <summary>A diagnosis could not complete (cluster unreachable, credentials rejected).</summary>
public sealed record DiagnosisFailed(Incident Incident, string Reason) : IncidentEvent(Incident);

/// <summary>A button press: recorded, approved, rejected or refused (the message says which, for the presser).</summary>
public sealed record PressAnswered(Incident Incident, string ProposalId, string Actor, ApprovalOutcome Outcome) : IncidentEvent(Incident);

public sealed record StepExecuted(Incident Incident, string ProposalId, StepOutcome Step) : IncidentEvent(Incident);

/// <summary>Alertmanager said the group resolved after the incident had already settled (say so in the thread; nothing changes).</summary>
public sealed record AlertCleared(Incident Incident) : IncidentEvent(Incident);

/// <summary>After a restart MeshBot picked the incident up where a previous process left it; the message says what it found and does.</summary>
public sealed record IncidentRecovered(Incident Incident, string Message) : IncidentEvent(Incident);

public sealed record IncidentVerified(Incident Incident, DiagnosisReport Report, bool Resolved) : IncidentEvent(Incident);

/// <summary>Receives every incident event; chat adapters and the console implement it.</summary>
public interface IIncidentObserver
{
    Task OnEventAsync(IncidentEvent incidentEvent, CancellationToken cancellationToken);
}
