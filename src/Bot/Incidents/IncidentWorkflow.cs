using Stateless;

namespace MeshBot.Bot.Incidents;

/// <summary>
/// The incident workflow as one transition table. The Diagnosing substates are the runbook's branches in tree
/// order, so the generated diagram (README) shows the runbook itself. State lives in <see cref="Incident.State"/>,
/// so a machine (Stateless's accessor/mutator constructor) can be built around an incident loaded from the store and
/// simply continue.
/// </summary>
public static class IncidentWorkflow
{
    public static StateMachine<IncidentState, IncidentTrigger> For(Incident incident, Func<bool> canPropose)
    {
        var machine = new StateMachine<IncidentState, IncidentTrigger>(() => incident.State, s => incident.State = s, FiringMode.Queued);
        Configure(machine, canPropose);
        return machine;
    }

    public static void Configure(StateMachine<IncidentState, IncidentTrigger> machine, Func<bool> canPropose)
    {
        machine.Configure(IncidentState.Open)
            .Permit(IncidentTrigger.Escalate, IncidentState.Escalated)
            .Permit(IncidentTrigger.AlertResolved, IncidentState.AlertResolved);

        machine.Configure(IncidentState.Received)
            .SubstateOf(IncidentState.Open)
            .Permit(IncidentTrigger.Diagnose, IncidentState.DiagnosingSidecarMissing);

        machine.Configure(IncidentState.Diagnosing)
            .SubstateOf(IncidentState.Open)
            .Permit(IncidentTrigger.CauseFound, IncidentState.Diagnosed)
            .Permit(IncidentTrigger.NothingFound, IncidentState.Healthy)
            .Permit(IncidentTrigger.Undecided, IncidentState.Inconclusive)
            .Permit(IncidentTrigger.Rediagnose, IncidentState.DiagnosingSidecarMissing);
        Branch(machine, IncidentState.DiagnosingSidecarMissing, IncidentState.DiagnosingCrossNamespace);
        Branch(machine, IncidentState.DiagnosingCrossNamespace, IncidentState.DiagnosingPlatformNamespace);
        Branch(machine, IncidentState.DiagnosingPlatformNamespace, IncidentState.DiagnosingCaRotation);
        Branch(machine, IncidentState.DiagnosingCaRotation, IncidentState.DiagnosingInjectionWebhook);
        machine.Configure(IncidentState.DiagnosingInjectionWebhook).SubstateOf(IncidentState.Diagnosing).Ignore(IncidentTrigger.StepDone);

        machine.Configure(IncidentState.Diagnosed)
            .SubstateOf(IncidentState.Open)
            .PermitIf(IncidentTrigger.Propose, IncidentState.AwaitingApproval, canPropose, "the diagnosis proposes a fix")
            .Permit(IncidentTrigger.Rediagnose, IncidentState.DiagnosingSidecarMissing);

        foreach (var settled in new[] { IncidentState.Healthy, IncidentState.Inconclusive, IncidentState.RemediationFailed, IncidentState.Rejected, IncidentState.Expired })
        {
            machine.Configure(settled)
                .SubstateOf(IncidentState.Open)
                .Permit(IncidentTrigger.Rediagnose, IncidentState.DiagnosingSidecarMissing);
        }

        machine.Configure(IncidentState.AwaitingApproval)
            .SubstateOf(IncidentState.Open)
            .Permit(IncidentTrigger.Approved, IncidentState.Executing)
            .Permit(IncidentTrigger.PlanDone, IncidentState.Verifying)
            .Permit(IncidentTrigger.AllRejected, IncidentState.Rejected)
            .Permit(IncidentTrigger.Expire, IncidentState.Expired)
            .Permit(IncidentTrigger.Rediagnose, IncidentState.DiagnosingSidecarMissing);

        // Executing is not Open: a plan that has started runs to its end (or first failure) before anyone escalates.
        machine.Configure(IncidentState.Executing)
            .Permit(IncidentTrigger.StepsSucceeded, IncidentState.Verifying)
            .Permit(IncidentTrigger.MoreToApprove, IncidentState.AwaitingApproval)
            .Permit(IncidentTrigger.ExecutionFailed, IncidentState.RemediationFailed)
            .Ignore(IncidentTrigger.AlertResolved);

        machine.Configure(IncidentState.Verifying)
            .Permit(IncidentTrigger.Verified, IncidentState.Resolved)
            .PermitReentry(IncidentTrigger.Rediagnose)
            .Permit(IncidentTrigger.VerificationFailed, IncidentState.RemediationFailed)
            .Ignore(IncidentTrigger.AlertResolved);

        machine.Configure(IncidentState.Resolved)
            .Permit(IncidentTrigger.Rediagnose, IncidentState.DiagnosingSidecarMissing)
            .Ignore(IncidentTrigger.AlertResolved);

        machine.Configure(IncidentState.Escalated).Ignore(IncidentTrigger.Escalate).Permit(IncidentTrigger.AlertResolved, IncidentState.AlertResolved);
        machine.Configure(IncidentState.AlertResolved).Ignore(IncidentTrigger.AlertResolved).Permit(IncidentTrigger.Rediagnose, IncidentState.DiagnosingSidecarMissing);
    }

    private static void Branch(StateMachine<IncidentState, IncidentTrigger> machine, IncidentState branch, IncidentState next) =>
        machine.Configure(branch).SubstateOf(IncidentState.Diagnosing).Permit(IncidentTrigger.StepDone, next);

    /// <summary>The Diagnosing substate that walks a runbook branch.</summary>
    public static IncidentState StateOf(Diagnosis.Runbook.Branch branch) => branch switch
    {
        Diagnosis.Runbook.Branch.SidecarMissing => IncidentState.DiagnosingSidecarMissing,
        Diagnosis.Runbook.Branch.CrossNamespace => IncidentState.DiagnosingCrossNamespace,
        Diagnosis.Runbook.Branch.PlatformNamespace => IncidentState.DiagnosingPlatformNamespace,
        Diagnosis.Runbook.Branch.CaRotation => IncidentState.DiagnosingCaRotation,
        _ => IncidentState.DiagnosingInjectionWebhook,
    };
}
