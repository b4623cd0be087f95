using System.Globalization;
using System.Text.Json.Nodes;
using MeshBot.Cluster;

namespace MeshBot.Bot.Demo.Cluster;

/// <summary>
/// The objects of the in-memory cluster, mutable JSON keyed by kind, namespace and name, with the bookkeeping the API
/// server does on every write: a cluster-wide monotonic <c>resourceVersion</c>, <c>generation</c> bumped when
/// anything but metadata and status changes, uid and creationTimestamp on create. Not thread-safe: the cluster's
/// lock guards it. Callers never mutate a stored object in place; they put a changed copy.
/// </summary>
internal sealed class ObjectStore(TimeProvider time)
{
    private readonly Dictionary<string, ResourceKind> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private long _resourceVersion;

    public TimeProvider Time => time;

    public IEnumerable<ResourceKind> Kinds => _kinds.Values;

    /// <summary>Loads an object as given (keeping its resourceVersion); later writes count on from the highest one seen.</summary>
    public void Seed(ResourceKind kind, JsonObject obj)
    {
        if (long.TryParse(obj.Str("metadata", "resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            _resourceVersion = Math.Max(_resourceVersion, version);
        }
        Bucket(kind)[Key(obj.Namespace(), obj.Name())] = obj;
    }

    public JsonObject? Get(ResourceKind kind, string? ns, string name) =>
        _objects.TryGetValue(kind.ToString(), out var bucket) && bucket.TryGetValue(Key(ns, name), out var obj) ? obj : null;

    public IEnumerable<JsonObject> List(ResourceKind kind, string? ns = null) =>
        _objects.TryGetValue(kind.ToString(), out var bucket)
            ? bucket.Values.Where(o => ns is null || o.Namespace() == ns).ToArray()
            : [];

    /// <summary>Gives a new object its identity (uid, creationTimestamp, generation) without storing it: what a dry-run create returns.</summary>
    public JsonObject Stamp(JsonObject obj)
    {
        var metadata = obj.Metadata();
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = JsonNodes.Timestamp(time.GetUtcNow());
        if (obj.ContainsKey("spec"))
        {
            metadata["generation"] = 1;
        }
        return obj;
    }

    public JsonObject Add(ResourceKind kind, JsonObject obj)
    {
        Stamp(obj).Metadata()["resourceVersion"] = NextVersion();
        Bucket(kind)[Key(obj.Namespace(), obj.Name())] = obj;
        return obj;
    }

    /// <summary>Replaces the stored object; returns false, and keeps the resourceVersion, when nothing changed.</summary>
    public bool Put(ResourceKind kind, JsonObject obj)
    {
        var current = Get(kind, obj.Namespace(), obj.Name()) ?? throw ApiErrors.NotFound(kind, obj.Name());
        obj.Metadata()["resourceVersion"] = current.Str("metadata", "resourceVersion");
        if (JsonNode.DeepEquals(current, obj))
        {
            return false;
        }
        if (SpecChanged(current, obj) && (current.At("metadata", "generation") is not null || obj.ContainsKey("spec")))
        {
            obj.Metadata()["generation"] = (current.Int("metadata", "generation") ?? 0) + 1;
        }
        obj.Metadata()["resourceVersion"] = NextVersion();
        Bucket(kind)[Key(obj.Namespace(), obj.Name())] = obj;
        return true;
    }

    /// <summary>Copies, changes and puts back; true when the change changed anything.</summary>
    public bool Update(ResourceKind kind, JsonObject obj, Action<JsonObject> change)
    {
        var copy = obj.Clone();
        change(copy);
        return Put(kind, copy);
    }

    public bool Delete(ResourceKind kind, string? ns, string name) =>
        _objects.TryGetValue(kind.ToString(), out var bucket) && bucket.Remove(Key(ns, name));

    /// <summary>What the generation counts: everything except metadata and status (spec, data, webhooks…).</summary>
    public static bool SpecChanged(JsonObject before, JsonObject after)
    {
        static IEnumerable<string> Keys(JsonObject o) => o.Select(p => p.Key).Where(k => k is not ("metadata" or "status"));
        return Keys(before).Union(Keys(after)).Any(k => !JsonNode.DeepEquals(before[k], after[k]));
    }

    private string NextVersion() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private SortedDictionary<string, JsonObject> Bucket(ResourceKind kind)
    {
        var key = kind.ToString();
        _kinds.TryAdd(key, kind);
        if (!_objects.TryGetValue(key, out var bucket))
        {
            _objects[key] = bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        }
        return bucket;
    }

    private static string Key(string? ns, string name) => $"{ns}/{name}";
}
