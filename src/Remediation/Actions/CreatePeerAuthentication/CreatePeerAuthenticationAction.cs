using System.Globalization;
using MeshBot.Cluster;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;
using static MeshBot.Remediation.Proposals.Manifests;

namespace MeshBot.Remediation.Actions.CreatePeerAuthentication;

/// <summary>
/// <c>create-peer-authentication</c>: a workload-selected PeerAuthentication with <c>portLevelMtls: {PORT: PERMISSIVE}</c>
/// for one container port; the top-level mode stays unset, so every other port keeps what it inherits.
/// </summary>
internal static class CreatePeerAuthenticationAction
{
    public static RemediationProposal Propose(AllowPlaintextOnPort need)
    {
        var name = $"{need.Workload}-allow-plaintext-{need.ContainerPort.ToString(CultureInfo.InvariantCulture)}";
        var document = Map(
            ("apiVersion", "security.istio.io/v1"),
            ("kind", "PeerAuthentication"),
            ("metadata", ManagedMetadata(name, need.Namespace)),
            ("spec", Map(
                ("selector", Map(("matchLabels", new SortedDictionary<string, string>(need.Selector.ToDictionary(), StringComparer.Ordinal)))),
                ("portLevelMtls", Map((need.ContainerPort.ToString(CultureInfo.InvariantCulture), Map(("mode", "PERMISSIVE"))))))));
        var manifest = ToYaml(document);
        return RemediationProposal.Create(
            ActionNames.CreatePeerAuthentication,
            $"PeerAuthentication/{need.Namespace}/{name}",
            Risk.Medium,
            $"kubectl apply -f - <<'EOF'\n{manifest}EOF",
            manifest,
            need.Why,
            new PlannedWrite(WriteVerb.Create, ResourceKinds.PeerAuthentication, need.Namespace, name, Body: ToJson(document)));
    }
}
