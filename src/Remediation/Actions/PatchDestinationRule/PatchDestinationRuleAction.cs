using System.Globalization;
using MeshBot.Cluster;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Cluster.Writing;
using MeshBot.Remediation.Proposals;
using static MeshBot.Remediation.Proposals.Manifests;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Remediation.Actions.PatchDestinationRule;

/// <summary>
/// <c>patch-destination-rule</c>: change the TLS mode of the client namespace's own rule for the host. The top
/// level takes a merge patch; a <c>portLevelSettings</c> entry (a list) takes a JSON patch by index.
/// </summary>
internal static class PatchDestinationRuleAction
{
    public static RemediationProposal Propose(ChangeDestinationRuleTls need)
    {
        var target = $"DestinationRule/{need.Namespace}/{need.Name}";
        var why = $"{need.Why} ({need.From.Wire()} → {need.To.Wire()})";
        if (need.PortIndex is { } index)
        {
            var path = $"/spec/trafficPolicy/portLevelSettings/{index.ToString(CultureInfo.InvariantCulture)}/tls/mode";
            var ops = new[] { Map(("op", "replace"), ("path", path), ("value", need.To.Wire())) };
            return RemediationProposal.Create(ActionNames.PatchDestinationRule, target, Risk.Medium,
                $"kubectl patch destinationrule {need.Name} -n {need.Namespace} --type=json -p {Shell(ToJson(ops))}",
                ToYaml(ops), why,
                new PlannedWrite(WriteVerb.Patch, ResourceKinds.DestinationRule, need.Namespace, need.Name, PatchType.Json, ToJson(ops)));
        }

        var patch = Map(("spec", Map(("trafficPolicy", Map(("tls", Map(("mode", need.To.Wire()))))))));
        return RemediationProposal.Create(ActionNames.PatchDestinationRule, target, Risk.Medium,
            $"kubectl patch destinationrule {need.Name} -n {need.Namespace} --type=merge -p {Shell(ToJson(patch))}",
            ToYaml(patch), why,
            new PlannedWrite(WriteVerb.Patch, ResourceKinds.DestinationRule, need.Namespace, need.Name, PatchType.Merge, ToJson(patch)));
    }
}
