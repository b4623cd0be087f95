using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Incidents;

/// <summary>Persists each execution step before and after it runs, audits it, and shows it in the thread.</summary>
internal sealed class StoreJournal(IncidentRuntime runtime, Incident incident) : IExecutionJournal
{
    public async Task StepStartedAsync(string proposalId, int index, string description, CancellationToken cancellationToken)
    {
        await runtime.Store.RecordStepAsync(incident.Id, proposalId, new StepOutcome(index, description, StepStatus.Started, ""), runtime.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await runtime.AuditAsync(incident, "meshbot", AuditKinds.StepStarted, $"{proposalId} step {index + 1}: {description}", null, cancellationToken).ConfigureAwait(false);
    }

    public async Task StepFinishedAsync(string proposalId, StepOutcome outcome, CancellationToken cancellationToken)
    {
        await runtime.Store.RecordStepAsync(incident.Id, proposalId, outcome, runtime.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await runtime.AuditAsync(incident, "meshbot", AuditKinds.StepFinished,
            $"{proposalId} step {outcome.Index + 1}: {outcome.Description}: {outcome.Status.ToString().ToLowerInvariant()}{(outcome.Detail.Length > 0 ? $" ({outcome.Detail})" : "")}", null, cancellationToken).ConfigureAwait(false);
        await runtime.NotifyAsync(new StepExecuted(incident, proposalId, outcome), cancellationToken).ConfigureAwait(false);
    }
}
