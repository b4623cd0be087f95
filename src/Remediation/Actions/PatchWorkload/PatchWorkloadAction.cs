using MeshBot.Cluster;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Cluster.Writing;
using MeshBot.Remediation.Proposals;
using static MeshBot.Remediation.Proposals.Manifests;

namespace MeshBot.Remediation.Actions.PatchWorkload;

/// <summary><c>patch-workload</c>: remove the injection opt-out from a pod template (a JSON merge patch; null deletes).</summary>
internal static class PatchWorkloadAction
{
    public static RemediationProposal Propose(RemovePodOptOut need)
    {
        var metadata = new Dictionary<string, object?>();
        if (need.Label || !need.Annotation)
        {
            metadata["labels"] = Map((InjectionPolicy.InjectKey, null));
        }
        if (need.Annotation)
        {
            metadata["annotations"] = Map((InjectionPolicy.InjectKey, null));
        }
        var patch = Map(("spec", Map(("template", Map(("metadata", metadata))))));
        return RemediationProposal.Create(
            ActionNames.PatchWorkload,
            $"{need.Kind}/{need.Namespace}/{need.Name}",
            Risk.Medium,
            $"kubectl patch {need.Kind.ToLowerInvariant()} {need.Name} -n {need.Namespace} --type=merge -p {Shell(ToJson(patch))}",
            ToYaml(patch),
            $"{need.Why}; the changed template rolls the pods, which are then injected",
            new PlannedWrite(WriteVerb.Patch, ResourceKinds.Controller(need.Kind), need.Namespace, need.Name, PatchType.Merge, ToJson(patch)),
            new PlannedWrite(WriteVerb.WaitForRollout, ResourceKinds.Controller(need.Kind), need.Namespace, need.Name));
    }
}
