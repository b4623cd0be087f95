using System.Globalization;
using System.Text.Json.Nodes;

namespace MeshBot.Bot.Demo.Cluster.Patching;

/// <summary>
/// JSON patch (RFC 6902): add, remove, replace, move, copy and test over JSON pointers. A malformed patch is a 400 and
/// an operation that does not apply (missing path, failed test) a 422, as kube-apiserver answers them. Operations
/// apply to a copy, so a failing patch changes nothing.
/// </summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        JsonNode root = document.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op || op.Str("op") is not { } name || op.Str("path") is not { } path)
            {
                throw ApiErrors.BadRequest("json patch operation is missing \"op\" or \"path\"");
            }
            root = name switch
            {
                "add" => Add(root, path, Value(op, name)),
                "remove" => Remove(root, path, name, out _),
                "replace" => Add(Remove(root, path, name, out _), path, Value(op, name)),
                "move" => Add(Remove(root, From(op, name), name, out var moved), path, moved),
                "copy" => Add(root, path, Get(root, From(op, name), name)?.DeepClone()),
                "test" => JsonNode.DeepEquals(Get(root, path, name), op["value"]) ? root : throw ApiErrors.Unprocessable($"testing value {path} failed: test failed"),
                _ => throw ApiErrors.BadRequest($"Unexpected kind: {name}"),
            };
        }
        return root as JsonObject ?? throw ApiErrors.Unprocessable("json patch must leave an object");
    }

    private static JsonNode? Value(JsonObject op, string name) =>
        op.ContainsKey("value") ? op["value"]?.DeepClone() : throw ApiErrors.BadRequest($"{name} operation missing value");

    private static string From(JsonObject op, string name) => op.Str("from") ?? throw ApiErrors.BadRequest($"{name} operation missing from");

    private static JsonNode Add(JsonNode root, string path, JsonNode? value)
    {
        var segments = JsonPointer.Parse(path);
        if (segments.Count == 0)
        {
            return value ?? throw ApiErrors.Unprocessable("add operation cannot replace the document with null");
        }
        switch (Parent(root, segments, "add", path))
        {
            case JsonObject obj:
                obj[segments[^1]] = value;
                break;
            case JsonArray array:
                array.Insert(segments[^1] == "-" ? array.Count : Index(segments[^1], array.Count + 1, "add", path), value);
                break;
            default:
                throw Missing("add", path);
        }
        return root;
    }

    private static JsonNode Remove(JsonNode root, string path, string name, out JsonNode? removed)
    {
        var segments = JsonPointer.Parse(path);
        if (segments.Count == 0)
        {
            throw Missing(name, path);
        }
        switch (Parent(root, segments, name, path))
        {
            case JsonObject obj when obj.ContainsKey(segments[^1]):
                removed = obj[segments[^1]];
                obj.Remove(segments[^1]);
                return root;
            case JsonArray array:
                var index = Index(segments[^1], array.Count, name, path);
                removed = array[index];
                array.RemoveAt(index);
                return root;
            default:
                throw Missing(name, path);
        }
    }

    private static JsonNode? Get(JsonNode root, string path, string name)
    {
        JsonNode? node = root;
        foreach (var segment in JsonPointer.Parse(path))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(segment, out var child) => child,
                JsonArray array => array[Index(segment, array.Count, name, path)],
                _ => throw Missing(name, path),
            };
        }
        return node;
    }

    private static JsonNode Parent(JsonNode root, IReadOnlyList<string> segments, string name, string path)
    {
        var parent = string.Concat(segments.Take(segments.Count - 1).Select(s => "/" + JsonPointer.Escape(s)));
        return Get(root, parent, name) ?? throw Missing(name, path);
    }

    private static int Index(string segment, int count, string name, string path) =>
        int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < count
            ? index
            : throw ApiErrors.Unprocessable($"{name} operation does not apply: doc is missing path: \"{path}\": invalid index referenced");

    private static Exception Missing(string name, string path) =>
        ApiErrors.Unprocessable($"{name} operation does not apply: doc is missing path: \"{path}\": missing value");
}
