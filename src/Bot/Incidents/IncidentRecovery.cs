using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Incidents;

/// <summary>
/// Picks an incident up where a process that stopped (crash, kill -9, shutdown timeout) left it. An approval is a
/// durable fact: a plan that was approved and of which nothing ran is executed now, exactly once. A plan that had begun
/// is never silently repeated: the incident becomes RemediationFailed with the exact record of what was and was not
/// done. An interrupted diagnosis or verification runs again. Each recovery is audited and said in the thread.
/// </summary>
internal sealed class IncidentRecovery(
    IncidentRuntime runtime,
    IncidentTransitions transitions,
    IncidentDiagnosis diagnosis,
    IncidentExecution execution,
    Func<Incident, string, CancellationToken, Task> diagnoseReceived)
{
    /// <summary>The states a stopped process can leave an incident in with work still owed (AwaitingApproval only with an approved proposal).</summary>
    public static readonly IReadOnlyList<IncidentState> States =
    [
        IncidentState.Received, IncidentState.Diagnosing, IncidentState.DiagnosingSidecarMissing, IncidentState.DiagnosingCrossNamespace,
        IncidentState.DiagnosingPlatformNamespace, IncidentState.DiagnosingCaRotation, IncidentState.DiagnosingInjectionWebhook,
        IncidentState.AwaitingApproval, IncidentState.Executing, IncidentState.Verifying,
    ];

    public async Task<bool> RecoverAsync(Incident incident, CancellationToken cancellationToken)
    {
        switch (incident.State)
        {
            case IncidentState.Received:
                await diagnoseReceived(incident, "meshbot", cancellationToken).ConfigureAwait(false);
                return true;
            case >= IncidentState.Diagnosing and <= IncidentState.DiagnosingInjectionWebhook:
                await SayAsync(incident, "the diagnosis was interrupted; walking the runbook again.", cancellationToken).ConfigureAwait(false);
                await diagnosis.RunAsync(incident, IncidentTrigger.Rediagnose, "meshbot", cancellationToken).ConfigureAwait(false);
                return true;
            case IncidentState.Verifying:
                await SayAsync(incident, "the verification was interrupted; re-diagnosing to verify the fix.", cancellationToken).ConfigureAwait(false);
                await diagnosis.VerifyAsync(incident, cancellationToken).ConfigureAwait(false);
                return true;
            case IncidentState.AwaitingApproval or IncidentState.Executing:
                return await ResumeAsync(incident, cancellationToken).ConfigureAwait(false);
            default:
                return false;
        }
    }

    private async Task<bool> ResumeAsync(Incident incident, CancellationToken cancellationToken)
    {
        var approved = (await runtime.Store.ProposalsAsync(incident.Id, cancellationToken).ConfigureAwait(false)).Where(p => p.Status == ProposalStatus.Approved).ToArray();
        var steps = await runtime.Store.StepsAsync(incident.Id, cancellationToken).ConfigureAwait(false);
        var begun = steps.Where(s => approved.Any(p => p.Id == s.ProposalId)).ToArray();
        if (begun.Length == 0)
        {
            if (approved.Length == 0 && incident.State == IncidentState.AwaitingApproval)
            {
                return false; // nothing approved: its buttons keep working from the store
            }
            var message = approved.Length == 0
                ? "the approved plan had run; settling the incident."
                : $"approved before the restart and not yet run: {string.Join(", ", approved.Select(p => $"{p.Id} ({p.Proposal.Action} {p.Proposal.Target})"))}; nothing of it had been applied, so it runs now.";
            await runtime.AuditAsync(incident, "meshbot", AuditKinds.Recovery, message, null, cancellationToken).ConfigureAwait(false);
            await SayAsync(incident, message, cancellationToken).ConfigureAwait(false);
            await execution.AdvanceAsync(incident, cancellationToken).ConfigureAwait(false);
            return true;
        }

        var done = Describe(steps.Where(s => s.Status is StepStatus.Succeeded or StepStatus.Unchanged));
        var unknown = Describe(steps.Where(s => s.Status == StepStatus.Started));
        foreach (var proposal in approved)
        {
            await runtime.Store.SetProposalStatusAsync(incident.Id, proposal.Id, ProposalStatus.Failed, cancellationToken).ConfigureAwait(false);
        }
        var record = $"restarted while executing: done: {done}; outcome unknown: {unknown}; the rest was not run. Re-diagnose before trying again.";
        await runtime.AuditAsync(incident, "meshbot", AuditKinds.Recovery, record, null, cancellationToken).ConfigureAwait(false);
        await SayAsync(incident, record, cancellationToken).ConfigureAwait(false);
        return await transitions.FireAsync(incident, IncidentTrigger.ExecutionFailed, "meshbot", cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(IEnumerable<StoredStep> steps)
    {
        var text = string.Join(", ", steps.Select(s => $"{s.ProposalId} step {s.Index + 1} ({s.Description})"));
        return text.Length == 0 ? "nothing" : text;
    }

    private Task SayAsync(Incident incident, string message, CancellationToken cancellationToken) =>
        runtime.NotifyAsync(new IncidentRecovered(incident, message), cancellationToken);
}
