using System.Globalization;
using MeshBot.Cluster;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Cluster.Writing;
using MeshBot.Remediation.Proposals;
using static MeshBot.Remediation.Proposals.Manifests;

namespace MeshBot.Remediation.Actions.PatchPeerAuthentication;

/// <summary>
/// <c>patch-peer-authentication</c>: add a PERMISSIVE port to the workload-level PeerAuthentication that already
/// selects the workload. A second workload-level policy would be ignored (the oldest wins), so creating one
/// would change nothing.
/// </summary>
internal static class PatchPeerAuthenticationAction
{
    public static RemediationProposal Propose(AllowPlaintextOnPort need)
    {
        var port = need.ContainerPort.ToString(CultureInfo.InvariantCulture);
        var patch = Map(("spec", Map(("portLevelMtls", Map((port, Map(("mode", "PERMISSIVE"))))))));
        return RemediationProposal.Create(
            ActionNames.PatchPeerAuthentication,
            $"PeerAuthentication/{need.Namespace}/{need.ExistingPolicy}",
            Risk.Medium,
            $"kubectl patch peerauthentication {need.ExistingPolicy} -n {need.Namespace} --type=merge -p {Shell(ToJson(patch))}",
            ToYaml(patch),
            $"{need.Why} PeerAuthentication {need.ExistingPolicy} already selects {need.Workload} and a second workload policy would be ignored, so it gets the port-level exception.",
            new PlannedWrite(WriteVerb.Patch, ResourceKinds.PeerAuthentication, need.Namespace, need.ExistingPolicy!, PatchType.Merge, ToJson(patch)));
    }
}
