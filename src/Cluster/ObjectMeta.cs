using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster;

public sealed record OwnerReference(string Kind, string Name, string? Uid, bool Controller);

/// <summary>The parts of <c>metadata</c> the checks use.</summary>
public sealed record ObjectMeta(
    string Name,
    string? Namespace,
    string? Uid,
    string? ResourceVersion,
    DateTimeOffset? CreationTimestamp,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<OwnerReference> OwnerReferences)
{
    public static ObjectMeta From(JsonElement obj) => new(
        obj.Str("metadata", "name") ?? "",
        obj.Str("metadata", "namespace"),
        obj.Str("metadata", "uid"),
        obj.Str("metadata", "resourceVersion"),
        obj.Time("metadata", "creationTimestamp"),
        obj.StringMap("metadata", "labels"),
        obj.StringMap("metadata", "annotations"),
        obj.Items("metadata", "ownerReferences")
            .Select(o => new OwnerReference(o.Str("kind") ?? "", o.Str("name") ?? "", o.Str("uid"), o.Bool("controller") ?? false))
            .ToArray());

    public string? Label(string key) => Labels.TryGetValue(key, out var value) ? value : null;

    public string? Annotation(string key) => Annotations.TryGetValue(key, out var value) ? value : null;

    public OwnerReference? ControllerOwner =>
        OwnerReferences.FirstOrDefault(o => o.Controller) ?? OwnerReferences.FirstOrDefault();
}
