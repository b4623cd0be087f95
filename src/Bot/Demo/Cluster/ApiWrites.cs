using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MeshBot.Bot.Demo.Cluster.Patching;
using MeshBot.Cluster;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Demo.Cluster;

/// <summary>
/// What the API server does with a create or a patch before storing it: defaulting, validation and its errors
/// (404 for a missing namespace or object, 409 for a duplicate or a stale resourceVersion, 415 for a strategic merge
/// patch on a custom resource). Pure: nothing is stored here.
/// </summary>
internal static class ApiWrites
{
    /// <summary>The alphabet of generated name suffixes (no vowels, no look-alikes), as the API server uses it.</summary>
    public const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Suffix(int length = 5) => RandomNumberGenerator.GetString(SuffixAlphabet, length);

    public static string? Scope(ResourceKind kind, string? ns) => kind.Namespaced ? ns ?? "" : null;

    public static JsonObject PrepareCreate(ObjectStore store, ResourceKind kind, string? ns, JsonObject body)
    {
        var obj = body.Clone();
        obj["apiVersion"] ??= kind.ApiVersion;
        obj["kind"] ??= kind.Kind;
        var metadata = obj.Metadata();
        if (kind.Namespaced)
        {
            var bodyNamespace = obj.Namespace();
            ns = string.IsNullOrEmpty(ns) ? bodyNamespace ?? "default" : ns;
            if (bodyNamespace is not null && bodyNamespace != ns)
            {
                throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            metadata["namespace"] = ns;
            if (store.Get(ResourceKinds.Namespace, null, ns) is null)
            {
                throw ApiErrors.NamespaceNotFound(ns);
            }
        }
        else
        {
            metadata.Remove("namespace");
        }

        if (obj.Name().Length == 0)
        {
            metadata["name"] = metadata.Str("generateName") is { Length: > 0 } prefix
                ? prefix + Suffix()
                : throw ApiErrors.Invalid(kind, "", "metadata.name: Required value: name or generateName is required");
        }
        if (store.Get(kind, Scope(kind, ns), obj.Name()) is not null)
        {
            throw ApiErrors.AlreadyExists(kind, obj.Name());
        }
        foreach (var assigned in new[] { "uid", "resourceVersion", "creationTimestamp", "generation" })
        {
            metadata.Remove(assigned);
        }
        if (kind == ResourceKinds.Namespace)
        {
            metadata.Obj("labels")["kubernetes.io/metadata.name"] = obj.Name();
            obj.Obj("spec")["finalizers"] ??= new JsonArray("kubernetes");
            obj.Obj("status")["phase"] = "Active";
        }
        return obj;
    }

    /// <summary>The patched copy of the stored object; identity and bookkeeping fields are not patchable.</summary>
    public static JsonObject Patch(ObjectStore store, ResourceKind kind, string? ns, string name, PatchType type, string patch, out JsonObject current)
    {
        current = store.Get(kind, Scope(kind, ns), name) ?? throw ApiErrors.NotFound(kind, name);
        var patched = Patcher.Apply(kind, current, type, patch);

        // A resourceVersion in the patch is a precondition (optimistic concurrency), not a value to store.
        var version = current.Str("metadata", "resourceVersion");
        if (patched.Str("metadata", "resourceVersion") is { } wanted && wanted != version)
        {
            throw ApiErrors.Conflict(kind, name);
        }

        patched["apiVersion"] = current["apiVersion"]?.DeepClone();
        patched["kind"] = current["kind"]?.DeepClone();
        var metadata = patched.Metadata();
        foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "resourceVersion", "generation" })
        {
            if (current.At("metadata", field) is { } value)
            {
                metadata[field] = value.DeepClone();
            }
            else
            {
                metadata.Remove(field);
            }
        }
        return patched;
    }
}
