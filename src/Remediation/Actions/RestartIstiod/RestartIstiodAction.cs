using MeshBot.Cluster;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Remediation.Actions.RestartIstiod;

/// <summary><c>restart-istiod</c>: restart the control plane and wait for it, before anything that depends on it.</summary>
internal static class RestartIstiodAction
{
    public static RemediationProposal Propose(Diagnosis.Runbook.RestartIstiod need) => RemediationProposal.Create(
        ActionNames.RestartIstiod,
        $"Deployment/{need.Namespace}/{need.Name}",
        Risk.High,
        $"kubectl rollout restart deployment/{need.Name} -n {need.Namespace} && kubectl rollout status deployment/{need.Name} -n {need.Namespace} --timeout=5m",
        null,
        need.Why,
        new PlannedWrite(WriteVerb.RolloutRestart, ResourceKinds.Deployment, need.Namespace, need.Name),
        new PlannedWrite(WriteVerb.WaitForRollout, ResourceKinds.Deployment, need.Namespace, need.Name));
}
