using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

/// <summary>A <c>portLevelSettings</c> entry; <see cref="Tls"/> null means the entry sets no TLS.</summary>
public sealed record PortTrafficPolicy(int Port, TlsMode? Tls);

/// <summary>A traffic policy's TLS: the top-level mode (null = not set) and the per-Service-port entries.</summary>
public sealed record TrafficPolicy(TlsMode? Tls, IReadOnlyList<PortTrafficPolicy> PortLevelSettings)
{
    public static TrafficPolicy? From(JsonElement? policy) => policy is not { } p
        ? null
        : new TrafficPolicy(
            MeshModes.ParseTls(p.Str("tls", "mode")),
            p.Items("portLevelSettings")
                .Where(s => s.Int("port", "number") is not null)
                .Select(s => new PortTrafficPolicy(s.Int("port", "number")!.Value, MeshModes.ParseTls(s.Str("tls", "mode"))))
                .ToArray());
}

public sealed record Subset(string Name, IReadOnlyDictionary<string, string> Labels, TrafficPolicy? TrafficPolicy);

public sealed class DestinationRule : KubeObject
{
    public DestinationRule(JsonElement raw) : base(ResourceKinds.DestinationRule, raw)
    {
        Host = raw.Str("spec", "host") ?? "";
        ExportTo = raw.Strings("spec", "exportTo");
        var selector = raw.StringMap("spec", "workloadSelector", "matchLabels");
        WorkloadSelector = raw.Path("spec", "workloadSelector") is null ? null : selector;
        TrafficPolicy = TrafficPolicy.From(raw.Path("spec", "trafficPolicy"));
        Subsets = raw.Items("spec", "subsets")
            .Select(s => new Subset(s.Str("name") ?? "", s.StringMap("labels"), TrafficPolicy.From(s.Path("trafficPolicy"))))
            .ToArray();
    }

    public string Host { get; }

    public IReadOnlyList<string> ExportTo { get; }

    /// <summary>Non-null when the rule has a <c>workloadSelector</c>: then it is private to matching clients in its namespace.</summary>
    public IReadOnlyDictionary<string, string>? WorkloadSelector { get; }

    public TrafficPolicy? TrafficPolicy { get; }

    public IReadOnlyList<Subset> Subsets { get; }
}
