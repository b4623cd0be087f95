using System.Text.Json;

namespace MeshBot.Cluster;

/// <summary>
/// One Kubernetes object: its identity, metadata and the JSON it was read from (for Secrets, a copy
/// with everything but certificates removed). Typed views derive from it.
/// </summary>
public abstract class KubeObject
{
    protected KubeObject(ResourceKind kind, JsonElement raw)
    {
        Kind = kind;
        Raw = raw;
        Meta = ObjectMeta.From(raw);
    }

    public ResourceKind Kind { get; }

    public ObjectMeta Meta { get; }

    public JsonElement Raw { get; }

    public string Name => Meta.Name;

    public string? Namespace => Meta.Namespace;

    /// <summary><c>Kind/namespace/name</c>, or <c>Kind/name</c> for cluster-scoped kinds, as the diagnosis contract names objects.</summary>
    public string Reference => Kind.Reference(Namespace, Name);

    public override string ToString() => Reference;
}

/// <summary>An object of a kind no check reads; kept so a snapshot round-trips.</summary>
public sealed class OtherObject(ResourceKind kind, JsonElement raw) : KubeObject(kind, raw);
