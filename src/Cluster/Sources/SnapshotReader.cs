using System.Text.Json;
using MeshBot.Cluster.Json;
using YamlDotNet.Core;

namespace MeshBot.Cluster.Sources;

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
        return ReadAdmitted(path, SnapshotFile.Admit(path, limits, followLinks: true), limits).Objects;
    }

    /// <summary>Reads a file <see cref="SnapshotFile.Admit"/> has let in, of <paramref name="size"/> bytes.</summary>
    internal static SnapshotFileContent ReadAdmitted(string path, long size, SnapshotLimits limits)
    {
        try
        {
            var documents = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? [JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = limits.MaxDepth })]
                : ReadYaml(path, size, limits);
            var content = new SnapshotFileContent();
            foreach (var document in documents)
            {
                Unwrap(document.RootElement, content);
            }
            return content;
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
        var content = new SnapshotFileContent();
        foreach (var document in YamlToJson.Convert(reader, yamlOrJson.Length))
        {
            Unwrap(document.RootElement, content);
        }
        return content.Objects;
    }

    private static List<JsonDocument> ReadYaml(string path, long size, SnapshotLimits limits)
    {
        using var reader = new StreamReader(path);
        return YamlToJson.Convert(reader, size, limits).ToList();
    }

    private static void Unwrap(JsonElement root, SnapshotFileContent content)
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
            if (itemKind is not null)
            {
                // A typed envelope says its kind was listed, even with no items: the API's own answer for "none".
                content.Listed.Add(ResourceKinds.Resolve(apiVersion ?? "", itemKind));
            }
            else if (items.GetArrayLength() == 0)
            {
                content.EmptyList = true;
            }
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    content.Objects.Add(KubeObjectFactory.Create(item, itemKind, apiVersion));
                }
            }
            return;
        }

        if (kind.Length > 0)
        {
            content.Objects.Add(KubeObjectFactory.Create(root));
        }
    }

}

/// <summary>What one snapshot file holds: its objects, and what it says was listed even where nothing was found.</summary>
internal sealed class SnapshotFileContent
{
    public List<KubeObject> Objects { get; } = [];

    /// <summary>Kinds named by a typed <c>*List</c> envelope (<c>PodList</c>), with or without items.</summary>
    public HashSet<ResourceKind> Listed { get; } = [];

    /// <summary>The file holds an empty <c>kind: List</c>, kubectl's answer when there is nothing: only its file name can say of what.</summary>
    public bool EmptyList { get; set; }
}
