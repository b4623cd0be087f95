using MeshBot.Cluster;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;
using static MeshBot.Remediation.Proposals.Manifests;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Remediation.Actions.CreateDestinationRule;

/// <summary>
/// <c>create-destination-rule</c>: an exact-host DestinationRule in the client's namespace, exported only there
/// (<c>exportTo: ["."]</c>), which outranks wildcard and exported rules for that client alone.
/// </summary>
internal static class CreateDestinationRuleAction
{
    public static RemediationProposal Propose(SetHostTls need)
    {
        var labels = need.Host.Split('.');
        var name = $"{labels[0]}-{(labels.Length > 1 ? labels[1] + "-" : "")}{need.Tls.Wire().ToLowerInvariant().Replace('_', '-')}";
        var document = Map(
            ("apiVersion", "networking.istio.io/v1"),
            ("kind", "DestinationRule"),
            ("metadata", ManagedMetadata(name, need.ClientNamespace)),
            ("spec", Map(
                ("host", need.Host),
                ("exportTo", new[] { "." }),
                ("trafficPolicy", Map(("tls", Map(("mode", need.Tls.Wire()))))))));
        var manifest = ToYaml(document);
        return RemediationProposal.Create(
            ActionNames.CreateDestinationRule,
            $"DestinationRule/{need.ClientNamespace}/{name}",
            Risk.Medium,
            $"kubectl apply -f - <<'EOF'\n{manifest}EOF",
            manifest,
            need.Why,
            new PlannedWrite(WriteVerb.Create, ResourceKinds.DestinationRule, need.ClientNamespace, name, Body: ToJson(document)));
    }
}
