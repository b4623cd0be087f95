using MeshBot.Bot.Incidents;

namespace MeshBot.Bot.Hosting;

/// <summary>
/// Structured log lines for the incident workflow, each in a scope carrying the incident id and its correlation id
/// (the same id the audit trail and chat threads use), so one incident's lines can be followed across replicas.
/// </summary>
public sealed class IncidentLog(ILogger<IncidentLog> logger) : IIncidentObserver
{
    public Task OnEventAsync(IncidentEvent incidentEvent, CancellationToken cancellationToken)
    {
        var incident = incidentEvent.Incident;
        // A message-template scope: structured (IncidentId, CorrelationId) for every provider, readable on the console.
        using (logger.BeginScope("incident {IncidentId} correlation {CorrelationId}", incident.Id, incident.CorrelationId))
        {
            switch (incidentEvent)
            {
                case IncidentOpened e:
                    logger.LogInformation("{IncidentId} {Outcome} for {Target} by {Requester} ({Origin})", incident.Id, e.Created ? "opened" : "repeat", incident.Request.Target, incident.Requester, incident.Origin);
                    break;
                case IncidentStateChanged e:
                    logger.LogInformation("{IncidentId} {From} -> {To} ({Trigger}) by {Actor}", incident.Id, e.From, e.To, e.Trigger, e.Actor);
                    break;
                case DiagnosisFailed e:
                    logger.LogWarning("{IncidentId} diagnosis failed: {Reason}", incident.Id, e.Reason);
                    break;
                case PressAnswered { Outcome.Refused: true } e:
                    logger.LogInformation("{IncidentId} press on {Proposal} by {Actor} refused: {Refusal}", incident.Id, e.ProposalId, e.Actor, e.Outcome.Refusal);
                    break;
                case StepExecuted { Step.Status: Remediation.Execution.StepStatus.Failed } e:
                    logger.LogWarning("{IncidentId} {Proposal} step {Step} failed: {Detail}", incident.Id, e.ProposalId, e.Step.Description, e.Step.Detail);
                    break;
            }
        }
        return Task.CompletedTask;
    }
}
