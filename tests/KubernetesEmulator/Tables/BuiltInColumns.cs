using System.Globalization;
using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Json;

namespace MeshBot.KubernetesEmulator.Tables;

/// <summary>Columns of the API server's built-in printers for the kinds an operator looks at most (after NAME).</summary>
internal static class BuiltInColumns
{
    public static readonly IReadOnlyList<PrinterColumn> Namespace =
    [
        new("Status", "string", 0, (ns, _) => ns.Str("status", "phase") ?? "Active", Description: "The status of the namespace"),
        Cells.AgeColumn,
    ];

    public static readonly IReadOnlyList<PrinterColumn> Deployment =
    [
        new("Ready", "string", 0, (d, _) => $"{d.Long("status", "readyReplicas") ?? 0}/{d.Long("spec", "replicas") ?? 1}", Description: "Number of the pod with ready state"),
        new("Up-to-date", "integer", 0, (d, _) => Cells.Int(d, "status", "updatedReplicas"), Description: "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        new("Available", "integer", 0, (d, _) => Cells.Int(d, "status", "availableReplicas"), Description: "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        Cells.AgeColumn,
        .. Workload,
    ];

    public static readonly IReadOnlyList<PrinterColumn> ReplicaSet =
    [
        new("Desired", "integer", 0, (rs, _) => rs.Long("spec", "replicas") ?? 1, Description: "Replicas is the number of desired replicas."),
        new("Current", "integer", 0, (rs, _) => Cells.Int(rs, "status", "replicas"), Description: "Replicas is the most recently observed number of replicas."),
        new("Ready", "integer", 0, (rs, _) => Cells.Int(rs, "status", "readyReplicas"), Description: "The number of ready replicas for this replica set."),
        Cells.AgeColumn,
        .. Workload,
    ];

    public static readonly IReadOnlyList<PrinterColumn> Service =
    [
        new("Type", "string", 0, (s, _) => s.Str("spec", "type") ?? "ClusterIP", Description: "The type of the service."),
        new("Cluster-IP", "string", 0, (s, _) => Cells.OrNone(s.Str("spec", "clusterIP")), Description: "The cluster IP of the service."),
        new("External-IP", "string", 0, (s, _) => ExternalIps(s), Description: "The external IP of the service."),
        new("Port(s)", "string", 0, (s, _) => Ports(s), Description: "The ports of the service."),
        Cells.AgeColumn,
        new("Selector", "string", 1, (s, _) => SelectorMap(s.At("spec", "selector")), Description: "The selector of the service."),
    ];

    public static readonly IReadOnlyList<PrinterColumn> ConfigMap =
    [
        new("Data", "integer", 0, (c, _) => Count(c, "data") + Count(c, "binaryData"), Description: "Number of entries in the config map."),
        Cells.AgeColumn,
    ];

    public static readonly IReadOnlyList<PrinterColumn> Secret =
    [
        new("Type", "string", 0, (s, _) => s.Str("type") ?? "Opaque", Description: "The type of the secret."),
        new("Data", "integer", 0, (s, _) => Count(s, "data"), Description: "Number of entries in the secret."),
        Cells.AgeColumn,
    ];

    public static readonly IReadOnlyList<PrinterColumn> Default = [Cells.AgeColumn];

    private static IReadOnlyList<PrinterColumn> Workload =>
    [
        new("Containers", "string", 1, (w, _) => string.Join(",", Containers(w).Select(c => c.Str("name"))), Description: "Names of each container in the template."),
        new("Images", "string", 1, (w, _) => string.Join(",", Containers(w).Select(c => c.Str("image"))), Description: "Images referenced by each container in the template."),
        new("Selector", "string", 1, (w, _) => Cells.Selector(w.At("spec", "selector")), Description: "Label selector for pods."),
    ];

    private static IEnumerable<JsonObject> Containers(JsonObject workload) => workload.Objects("spec", "template", "spec", "containers");

    private static int Count(JsonObject obj, string field) => obj[field] is JsonObject map ? map.Count : 0;

    private static string SelectorMap(JsonNode? selector) =>
        selector is JsonObject map && map.Count > 0
            ? string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={JsonNodes.Scalar(p.Value)}"))
            : "<none>";

    private static string ExternalIps(JsonObject service)
    {
        var ips = (service.At("spec", "externalIPs") as JsonArray ?? []).Select(JsonNodes.Scalar)
            .Concat(service.Objects("status", "loadBalancer", "ingress").Select(i => i.Str("ip") ?? i.Str("hostname")))
            .Where(ip => !string.IsNullOrEmpty(ip))
            .ToList();
        if (ips.Count > 0)
        {
            return string.Join(",", ips);
        }
        return service.Str("spec", "type") switch
        {
            "LoadBalancer" => "<pending>",
            "ExternalName" => service.Str("spec", "externalName") ?? "<none>",
            _ => "<none>",
        };
    }

    private static string Ports(JsonObject service)
    {
        var ports = service.Objects("spec", "ports").Select(p =>
        {
            var port = p.Long("port")?.ToString(CultureInfo.InvariantCulture) ?? "";
            var nodePort = p.Long("nodePort") is { } n ? ":" + n.ToString(CultureInfo.InvariantCulture) : "";
            return $"{port}{nodePort}/{p.Str("protocol") ?? "TCP"}";
        }).ToList();
        return ports.Count == 0 ? "<none>" : string.Join(",", ports);
    }
}
