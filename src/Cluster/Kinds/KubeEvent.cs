using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

/// <summary>A core/v1 Event or an events.k8s.io/v1 Event (which names the object <c>regarding</c> and the text <c>note</c>).</summary>
public sealed class KubeEvent(JsonElement raw) : KubeObject(ResourceKinds.Event, raw)
{
    public string? InvolvedKind { get; } = raw.Str("involvedObject", "kind") ?? raw.Str("regarding", "kind");

    public string? InvolvedName { get; } = raw.Str("involvedObject", "name") ?? raw.Str("regarding", "name");

    public string? InvolvedNamespace { get; } = raw.Str("involvedObject", "namespace") ?? raw.Str("regarding", "namespace");

    public string? Reason { get; } = raw.Str("reason");

    public string Message { get; } = raw.Str("message") ?? raw.Str("note") ?? "";

    public string EventType { get; } = raw.Str("type") ?? "Normal";

    public int Count { get; } = raw.Int("count") ?? raw.Int("series", "count") ?? 1;

    public DateTimeOffset? LastSeen { get; } =
        raw.Time("lastTimestamp") ?? raw.Time("eventTime") ?? raw.Time("series", "lastObservedTime") ?? raw.Time("metadata", "creationTimestamp");
}
