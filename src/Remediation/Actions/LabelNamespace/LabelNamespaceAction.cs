using MeshBot.Cluster;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Cluster.Writing;
using MeshBot.Remediation.Proposals;
using static MeshBot.Remediation.Proposals.Manifests;

namespace MeshBot.Remediation.Actions.LabelNamespace;

/// <summary>
/// <c>label-namespace</c>: enable sidecar injection for a namespace (existing pods need a restart), or, in an ambient
/// mesh, enrol it in the ambient data plane (istio-cni redirects running pods at once).
/// </summary>
internal static class LabelNamespaceAction
{
    public static RemediationProposal Propose(EnableNamespaceInjection need) => Label(need.Namespace, InjectionPolicy.InjectionLabel, "enabled", need.Why);

    public static RemediationProposal Propose(EnrolNamespaceInAmbient need) => Label(need.Namespace, AmbientEnrolment.DataplaneModeLabel, AmbientEnrolment.Ambient, need.Why);

    private static RemediationProposal Label(string ns, string key, string value, string why)
    {
        var patch = Map(("metadata", Map(("labels", Map((key, value))))));
        return RemediationProposal.Create(
            ActionNames.LabelNamespace,
            $"Namespace/{ns}",
            Risk.Low,
            $"kubectl label namespace {ns} {key}={value} --overwrite",
            ToYaml(patch),
            why,
            new PlannedWrite(WriteVerb.Patch, ResourceKinds.Namespace, null, ns, PatchType.Merge, ToJson(patch)));
    }
}
