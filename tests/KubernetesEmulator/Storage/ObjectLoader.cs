using System.Text;
using System.Text.Json.Nodes;
using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Json;
using MeshBot.KubernetesEmulator.Logs;

namespace MeshBot.KubernetesEmulator.Storage;

/// <summary>
/// Fills the store from a snapshot (through the Diagnosis snapshot reader, so the emulator serves exactly what MeshBot
/// would read offline) and from manifests, then adds the Namespace objects a real cluster would have for every
/// namespace in use. Objects of CRD groups that are not installed are dropped.
/// </summary>
internal static class ObjectLoader
{
    public static void Load(EmulatorOptions options, ResourceCatalog catalog, ObjectStore store, ContainerLogs logs)
    {
        var objects = new List<KubeObject>();
        if (options.SnapshotPath is { } path)
        {
            objects.AddRange(new SnapshotSource(path).Objects);
            if (Directory.Exists(path))
            {
                logs.LoadSnapshot(path);
            }
        }
        objects.AddRange(options.Objects);
        foreach (var manifest in options.Manifests)
        {
            objects.AddRange(SnapshotReader.ReadText(manifest));
        }

        var namespaces = new SortedSet<string>(StringComparer.Ordinal) { "default" };
        foreach (var obj in objects)
        {
            if (Seed(catalog, store, obj) is { } ns)
            {
                namespaces.Add(ns);
            }
        }
        var namespaceType = catalog.Find("", "v1", "namespaces")!;
        foreach (var ns in namespaces.Where(ns => store.Get(namespaceType, null, ns) is null))
        {
            store.Seed(namespaceType, NewNamespace(ns));
        }
    }

    /// <summary>Adds one object; returns its namespace, if any.</summary>
    public static string? Seed(ResourceCatalog catalog, ObjectStore store, KubeObject source)
    {
        var obj = JsonNodes.ParseObject(Encoding.UTF8.GetBytes(source.Raw.GetRawText()));
        var apiVersion = obj.Str("apiVersion") ?? source.Kind.ApiVersion;
        var kind = obj.Str("kind") ?? source.Kind.Kind;
        var ns = obj.Str("metadata", "namespace");
        var type = catalog.ForObject(apiVersion, kind, namespaced: !string.IsNullOrEmpty(ns));
        if (type is null)
        {
            return null;
        }
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        if (!type.Namespaced)
        {
            obj.Metadata().Remove("namespace");
        }
        store.Seed(type, obj);
        return type.Namespaced ? ns : null;
    }

    public static JsonObject NewNamespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name } },
        ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
        ["status"] = new JsonObject { ["phase"] = "Active" },
    };
}
