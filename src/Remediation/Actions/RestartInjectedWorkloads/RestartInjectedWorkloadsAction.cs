using MeshBot.Cluster;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Remediation.Actions.RestartInjectedWorkloads;

/// <summary><c>restart-injected-workloads</c>: every workload in every injected namespace, so each sidecar gets a certificate from the current CA. The widest blast radius of any action.</summary>
internal static class RestartInjectedWorkloadsAction
{
    public static RemediationProposal Propose(Diagnosis.Runbook.RestartInjectedWorkloads need) => RemediationProposal.Create(
        ActionNames.RestartInjectedWorkloads,
        "Mesh/injected-namespaces",
        Risk.High,
        $"for ns in {string.Join(' ', need.Namespaces)}; do for kind in deployment statefulset daemonset; do kubectl rollout restart \"$kind\" -n \"$ns\"; done; done",
        null,
        $"{need.Why}; namespaces: {string.Join(", ", need.Namespaces)}",
        // Restart everything first, then wait for each: the rollouts proceed in parallel.
        need.Workloads.Select(w => new PlannedWrite(WriteVerb.RolloutRestart, ResourceKinds.Controller(w.Kind), w.Namespace, w.Name))
            .Concat(need.Workloads.Select(w => new PlannedWrite(WriteVerb.WaitForRollout, ResourceKinds.Controller(w.Kind), w.Namespace, w.Name)))
            .ToArray());
}
