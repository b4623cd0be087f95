using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

/// <summary>A Service port; <see cref="TargetPort"/> is a number or a container port name.</summary>
public sealed record ServicePort(string? Name, int Port, string TargetPort, string Protocol, string? AppProtocol);

public sealed class Service : KubeObject
{
    public Service(JsonElement raw) : base(ResourceKinds.Service, raw)
    {
        Selector = raw.StringMap("spec", "selector");
        Type = raw.Str("spec", "type") ?? "ClusterIP";
        ClusterIp = raw.Str("spec", "clusterIP");
        Ports = raw.Items("spec", "ports")
            .Where(p => p.Int("port") is not null)
            .Select(p => new ServicePort(
                p.Str("name"),
                p.Int("port")!.Value,
                p.Str("targetPort") ?? p.Int("port")!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                p.Str("protocol") ?? "TCP",
                p.Str("appProtocol")))
            .ToArray();
    }

    public IReadOnlyDictionary<string, string> Selector { get; }

    public string Type { get; }

    public string? ClusterIp { get; }

    public IReadOnlyList<ServicePort> Ports { get; }

    public bool IsHeadless => ClusterIp == "None";

    public string Host(string clusterDomain) => $"{Name}.{Namespace}.svc.{clusterDomain}";

    public bool Selects(Pod pod) =>
        Selector.Count > 0 && pod.Namespace == Namespace && Selector.All(kv => pod.Meta.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
