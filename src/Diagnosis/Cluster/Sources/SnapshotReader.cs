using System.Text.Json;
using MeshBot.Diagnosis.Cluster.Json;
using YamlDotNet.Core;

namespace MeshBot.Diagnosis.Cluster.Sources;

/// <summary>
/// Reads the objects of one snapshot file: a single object, multi-document YAML, or a <c>List</c> /
/// <c>*List</c> envelope whose items may omit <c>kind</c> and <c>apiVersion</c> as the API serves them.
/// </summary>
public static class SnapshotReader
{
    /// <summary>Reads one file, refusing (<see cref="SnapshotException"/>) anything but a regular file within <paramref name="limits"/>.</summary>
    public static IReadOnlyList<KubeObject> ReadFile(string path, SnapshotLimits? limits = null)
    {
        limits ??= SnapshotLimits.Default;
        return ReadAdmitted(path, SnapshotFile.Admit(path, limits, followLinks: true), limits);
    }

    /// <summary>Reads a file <see cref="SnapshotFile.Admit"/> has let in, of <paramref name="size"/> bytes.</summary>
    internal static IReadOnlyList<KubeObject> ReadAdmitted(string path, long size, SnapshotLimits limits)
    {
        try
        {
            var documents = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? [JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = limits.MaxDepth })]
                : ReadYaml(path, size, limits);
            var objects = new List<KubeObject>();
            foreach (var document in documents)
            {
                Unwrap(document.RootElement, objects);
            }
            return objects;
        }
        catch (JsonException e)
        {
            throw new SnapshotException($"{path}: {ParseErrorLocation.Json(e)}", e);
        }
        catch (YamlException e)
        {
            throw new SnapshotException($"{path}: {ParseErrorLocation.Yaml(path, e)}", e);
        }
        catch (IOException e)
        {
            throw new SnapshotException($"{path}: cannot be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SnapshotException($"{path}: cannot be read: {e.Message}", e);
        }
    }

    public static IReadOnlyList<KubeObject> ReadText(string yamlOrJson)
    {
        using var reader = new StringReader(yamlOrJson);
        var objects = new List<KubeObject>();
        foreach (var document in YamlToJson.Convert(reader, yamlOrJson.Length))
        {
            Unwrap(document.RootElement, objects);
        }
        return objects;
    }

    private static List<JsonDocument> ReadYaml(string path, long size, SnapshotLimits limits)
    {
        using var reader = new StreamReader(path);
        return YamlToJson.Convert(reader, size, limits).ToList();
    }

    private static void Unwrap(JsonElement root, List<KubeObject> objects)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var kind = root.Str("kind") ?? "";
        if (kind.EndsWith("List", StringComparison.Ordinal) && root.Path("items") is { ValueKind: JsonValueKind.Array } items)
        {
            var itemKind = kind == "List" ? null : kind[..^"List".Length];
            var apiVersion = root.Str("apiVersion");
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    objects.Add(KubeObjectFactory.Create(item, itemKind, apiVersion));
                }
            }
            return;
        }

        if (kind.Length > 0)
        {
            objects.Add(KubeObjectFactory.Create(root));
        }
    }

}
