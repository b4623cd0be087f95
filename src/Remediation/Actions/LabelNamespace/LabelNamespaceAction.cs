using MeshBot.Cluster;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Cluster.Writing;
using MeshBot.Remediation.Proposals;
using static MeshBot.Remediation.Proposals.Manifests;

namespace MeshBot.Remediation.Actions.LabelNamespace;

/// <summary><c>label-namespace</c>: enable sidecar injection for a namespace (existing pods need a restart).</summary>
internal static class LabelNamespaceAction
{
    public static RemediationProposal Propose(EnableNamespaceInjection need)
    {
        var patch = Map(("metadata", Map(("labels", Map((InjectionPolicy.InjectionLabel, "enabled"))))));
        return RemediationProposal.Create(
            ActionNames.LabelNamespace,
            $"Namespace/{need.Namespace}",
            Risk.Low,
            $"kubectl label namespace {need.Namespace} {InjectionPolicy.InjectionLabel}=enabled --overwrite",
            ToYaml(patch),
            need.Why,
            new PlannedWrite(WriteVerb.Patch, ResourceKinds.Namespace, null, need.Namespace, PatchType.Merge, ToJson(patch)));
    }
}
