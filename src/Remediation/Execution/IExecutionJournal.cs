namespace MeshBot.Remediation.Execution;

/// <summary>
/// Where the executor records each step before and after it runs, so a crash leaves an exact record of what was
/// and was not done (the workflow persists it).
/// </summary>
public interface IExecutionJournal
{
    Task StepStartedAsync(string proposalId, int index, string description, CancellationToken cancellationToken);

    Task StepFinishedAsync(string proposalId, StepOutcome outcome, CancellationToken cancellationToken);
}
