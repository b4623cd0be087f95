using MeshBot.Cluster;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Remediation.Actions.RolloutRestart;

/// <summary><c>rollout-restart</c>: recreate a controller's pods the way kubectl does (new pods are injected at creation).</summary>
internal static class RolloutRestartAction
{
    public static RemediationProposal Propose(RestartWorkload need) => RemediationProposal.Create(
        ActionNames.RolloutRestart,
        $"{need.Kind}/{need.Namespace}/{need.Name}",
        Risk.Medium,
        $"kubectl rollout restart {need.Kind.ToLowerInvariant()}/{need.Name} -n {need.Namespace}",
        null,
        $"{need.Why} ({need.Pods} pod{(need.Pods == 1 ? "" : "s")} restart)",
        new PlannedWrite(WriteVerb.RolloutRestart, ResourceKinds.Controller(need.Kind), need.Namespace, need.Name),
        new PlannedWrite(WriteVerb.WaitForRollout, ResourceKinds.Controller(need.Kind), need.Namespace, need.Name));
}
