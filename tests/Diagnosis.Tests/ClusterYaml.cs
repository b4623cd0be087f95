using MeshBot.Cluster;
using MeshBot.Cluster.Sources;

namespace MeshBot.Diagnosis.Tests;

/// <summary>Small partial clusters written as YAML inside the tests, read by the same reader snapshots use.</summary>
internal static class ClusterYaml
{
    public static ClusterState Parse(params string[] documents) =>
        ClusterState.From("test", SnapshotReader.ReadText(string.Join("\n---\n", documents)));

    public static string PeerAuthentication(string ns, string name, string? mode, string? selector = null, string? ports = null, string created = "2026-10-01T00:00:00Z") => $"""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {"{"}name: {name}, namespace: {ns}, creationTimestamp: "{created}"{"}"}
        spec:
          {(selector is null ? "" : $"selector: {{matchLabels: {{{selector}}}}}")}
          {(mode is null ? "" : $"mtls: {{mode: {mode}}}")}
          {(ports is null ? "" : $"portLevelMtls: {{{ports}}}")}
        """;

    public static string DestinationRule(string ns, string name, string host, string? tls, string? exportTo = null, string? portLevel = null, string? workloadSelector = null, string created = "2026-10-01T00:00:00Z") => $"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {"{"}name: {name}, namespace: {ns}, creationTimestamp: "{created}"{"}"}
        spec:
          host: "{host}"
          {(exportTo is null ? "" : $"exportTo: [{exportTo}]")}
          {(workloadSelector is null ? "" : $"workloadSelector: {{matchLabels: {{{workloadSelector}}}}}")}
          trafficPolicy:
            {(tls is null ? "loadBalancer: {simple: ROUND_ROBIN}" : $"tls: {{mode: {tls}}}")}
            {(portLevel is null ? "" : $"portLevelSettings: [{portLevel}]")}
        """;

    public static string Namespace(string name, string labels = "") => $"""
        apiVersion: v1
        kind: Namespace
        metadata: {"{"}name: {name}, labels: {"{"}{labels}{"}"}{"}"}
        """;
}
