using System.Globalization;
using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Api;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Json;

namespace MeshBot.KubernetesEmulator.Storage;

/// <summary>One page of a list: the items, the store revision it was read at, and where the next page starts.</summary>
internal sealed record ListPage(IReadOnlyList<JsonObject> Items, long Revision, string? LastKey, int Remaining);

/// <summary>
/// The in-memory object store, keyed like etcd (<c>group/plural</c>, then <c>namespace/name</c>, in ordinal order so
/// paging is stable). One global revision counter advances on every write and becomes the objects' resourceVersion.
/// Objects go in and come out as deep copies, so callers can never change stored state by accident.
/// </summary>
internal sealed class ObjectStore(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _buckets = new(StringComparer.Ordinal);
    private long _revision;

    public long Revision
    {
        get
        {
            lock (_lock)
            {
                return _revision;
            }
        }
    }

    public static string Key(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;

    /// <summary>Loads an object as given, keeping a numeric resourceVersion (the counter moves past it) and filling in missing identity.</summary>
    public void Seed(ResourceType type, JsonObject obj)
    {
        lock (_lock)
        {
            var meta = obj.Metadata();
            if (long.TryParse(meta.Str("resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
            {
                _revision = Math.Max(_revision, rv);
            }
            else
            {
                meta["resourceVersion"] = Next();
            }
            meta["uid"] ??= Guid.NewGuid().ToString();
            meta["creationTimestamp"] ??= JsonNodes.Timestamp(clock.GetUtcNow());
            Bucket(type)[Key(meta.Str("namespace"), meta.Str("name") ?? "")] = JsonNodes.Reparse(obj);
        }
    }

    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_lock)
        {
            return Bucket(type).TryGetValue(Key(ns, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    /// <summary>Items after <paramref name="startAfter"/> in key order that pass <paramref name="filter"/>, at most <paramref name="limit"/> (0: all).</summary>
    public ListPage List(ResourceType type, string? ns, Func<JsonObject, bool> filter, int limit, string? startAfter)
    {
        lock (_lock)
        {
            var prefix = string.IsNullOrEmpty(ns) ? "" : ns + "/";
            var items = new List<JsonObject>();
            string? lastKey = null;
            var remaining = 0;
            foreach (var (key, obj) in Bucket(type))
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal)
                    || (startAfter is not null && string.CompareOrdinal(key, startAfter) <= 0)
                    || !filter(obj))
                {
                    continue;
                }
                if (limit > 0 && items.Count == limit)
                {
                    remaining++;
                    continue;
                }
                items.Add((JsonObject)obj.DeepClone());
                lastKey = key;
            }
            return new ListPage(items, _revision, remaining > 0 ? lastKey : null, remaining);
        }
    }

    public JsonObject Create(ResourceType type, JsonObject obj, bool dryRun)
    {
        lock (_lock)
        {
            var meta = obj.Metadata();
            var name = meta.Str("name") ?? "";
            var key = Key(meta.Str("namespace"), name);
            var bucket = Bucket(type);
            if (bucket.ContainsKey(key))
            {
                throw StatusErrors.AlreadyExists(type, name);
            }
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = JsonNodes.Timestamp(clock.GetUtcNow());
            if (obj.ContainsKey("spec") || type.Custom)
            {
                meta["generation"] = 1;
            }
            meta.Remove("resourceVersion");
            if (dryRun)
            {
                return obj; // a dry run is never stored, so it gets no resourceVersion
            }
            meta["resourceVersion"] = Next();
            bucket[key] = JsonNodes.Reparse(obj);
            return obj;
        }
    }

    /// <summary>
    /// Read-modify-write under the store lock. A non-empty resourceVersion in the changed object is a precondition
    /// (409 when stale); identity fields are kept; generation bumps when anything outside metadata and status changed;
    /// a change that changes nothing is not a write, as on the real server.
    /// </summary>
    public JsonObject Update(ResourceType type, string? ns, string name, Func<JsonObject, JsonObject> change, bool dryRun)
    {
        lock (_lock)
        {
            var bucket = Bucket(type);
            var key = Key(ns, name);
            if (!bucket.TryGetValue(key, out var current))
            {
                throw StatusErrors.NotFound(type, name);
            }
            var next = change((JsonObject)current.DeepClone());
            var meta = next.Metadata();
            var currentMeta = current.Metadata();
            var requested = meta.Str("resourceVersion");
            if (!string.IsNullOrEmpty(requested) && requested != currentMeta.Str("resourceVersion"))
            {
                throw StatusErrors.Modified(type, name);
            }
            meta["resourceVersion"] = currentMeta.Str("resourceVersion");
            meta["uid"] = currentMeta["uid"]?.DeepClone();
            meta["creationTimestamp"] = currentMeta["creationTimestamp"]?.DeepClone();
            if (currentMeta["generation"] is not null && !JsonNode.DeepEquals(Body(current), Body(next)))
            {
                meta["generation"] = (currentMeta.Long("generation") ?? 0) + 1;
            }
            else if (currentMeta["generation"] is not null)
            {
                meta["generation"] = currentMeta["generation"]!.DeepClone();
            }
            if (JsonNode.DeepEquals(current, next))
            {
                return next;
            }
            if (!dryRun)
            {
                meta["resourceVersion"] = Next();
                bucket[key] = JsonNodes.Reparse(next);
            }
            return next;
        }
    }

    /// <summary>Removes an object after <paramref name="precondition"/> accepted it; deleting a namespace removes its contents, like namespace finalization.</summary>
    public JsonObject Delete(ResourceType type, string? ns, string name, Action<JsonObject> precondition, bool dryRun)
    {
        lock (_lock)
        {
            var bucket = Bucket(type);
            var key = Key(ns, name);
            if (!bucket.TryGetValue(key, out var current))
            {
                throw StatusErrors.NotFound(type, name);
            }
            precondition(current);
            if (!dryRun)
            {
                bucket.Remove(key);
                if (type.Group.Length == 0 && type.Plural == "namespaces")
                {
                    foreach (var other in _buckets.Values)
                    {
                        foreach (var contained in other.Keys.Where(k => k.StartsWith(name + "/", StringComparison.Ordinal)).ToList())
                        {
                            other.Remove(contained);
                        }
                    }
                }
                _revision++;
            }
            return (JsonObject)current.DeepClone();
        }
    }

    private static JsonObject Body(JsonObject obj)
    {
        var body = new JsonObject();
        foreach (var (field, value) in obj)
        {
            if (field is not ("metadata" or "status"))
            {
                body[field] = value?.DeepClone();
            }
        }
        return body;
    }

    private string Next() => (++_revision).ToString(CultureInfo.InvariantCulture);

    private SortedDictionary<string, JsonObject> Bucket(ResourceType type)
    {
        var name = type.Group + "/" + type.Plural;
        if (!_buckets.TryGetValue(name, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _buckets[name] = bucket;
        }
        return bucket;
    }
}
