using System.Globalization;
using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Api;
using MeshBot.KubernetesEmulator.Json;

namespace MeshBot.KubernetesEmulator.Patching;

/// <summary>
/// JSON patch (RFC 6902): add, remove, replace, move, copy and test over JSON pointers. A malformed patch is a 400, an
/// operation that does not apply (missing path, failed test) a 422, as the API server reports them.
/// </summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw StatusErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        JsonNode root = document.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op || op.Str("op") is not { } name || op.Str("path") is not { } path)
            {
                throw StatusErrors.BadRequest("json patch operation is missing \"op\" or \"path\"");
            }
            root = name switch
            {
                "add" => Add(root, path, Value(op, name)),
                "remove" => Remove(root, path, name, out _),
                "replace" => Add(Remove(root, path, name, out _), path, Value(op, name)),
                "move" => Move(root, From(op, name), path),
                "copy" => Add(root, path, Get(root, From(op, name), name)?.DeepClone()),
                "test" => Test(root, path, op["value"]),
                _ => throw StatusErrors.BadRequest($"Unexpected kind: {name}"),
            };
        }
        return root as JsonObject ?? throw StatusErrors.Unprocessable("json patch must leave an object");
    }

    private static JsonNode? Value(JsonObject op, string name) =>
        op.ContainsKey("value") ? op["value"]?.DeepClone() : throw StatusErrors.BadRequest($"{name} operation missing value");

    private static string From(JsonObject op, string name) =>
        op.Str("from") ?? throw StatusErrors.BadRequest($"{name} operation missing from");

    private static JsonNode Move(JsonNode root, string from, string path)
    {
        root = Remove(root, from, "move", out var value);
        return Add(root, path, value);
    }

    private static JsonNode Test(JsonNode root, string path, JsonNode? expected) =>
        JsonNode.DeepEquals(Get(root, path, "test"), expected) ? root : throw StatusErrors.Unprocessable($"testing value {path} failed: test failed");

    private static JsonNode Add(JsonNode root, string path, JsonNode? value)
    {
        var segments = Pointer(path);
        if (segments.Count == 0)
        {
            return value ?? throw StatusErrors.Unprocessable("add operation cannot replace the document with null");
        }
        var parent = Parent(root, segments, "add", path);
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array:
                var index = last == "-" ? array.Count : Index(last, array.Count + 1, "add", path);
                array.Insert(index, value);
                break;
            default:
                throw StatusErrors.Unprocessable($"add operation does not apply: doc is missing path: \"{path}\": missing value");
        }
        return root;
    }

    private static JsonNode Remove(JsonNode root, string path, string name, out JsonNode? removed)
    {
        var segments = Pointer(path);
        var parent = segments.Count == 0 ? null : Parent(root, segments, name, path);
        var last = segments.Count == 0 ? "" : segments[^1];
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                removed = obj[last];
                obj.Remove(last);
                return root;
            case JsonArray array:
                var index = Index(last, array.Count, name, path);
                removed = array[index];
                array.RemoveAt(index);
                return root;
            default:
                throw StatusErrors.Unprocessable($"{name} operation does not apply: doc is missing path: \"{path}\": missing value");
        }
    }

    private static JsonNode? Get(JsonNode root, string path, string name)
    {
        JsonNode? node = root;
        foreach (var segment in Pointer(path))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(segment, out var child) => child,
                JsonArray array => array[Index(segment, array.Count, name, path)],
                _ => throw StatusErrors.Unprocessable($"{name} operation does not apply: doc is missing path: \"{path}\": missing value"),
            };
        }
        return node;
    }

    private static JsonNode Parent(JsonNode root, List<string> segments, string name, string path)
    {
        var parentPath = "/" + string.Join("/", segments.Take(segments.Count - 1).Select(s => s.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        return Get(root, segments.Count == 1 ? "" : parentPath, name)
            ?? throw StatusErrors.Unprocessable($"{name} operation does not apply: doc is missing path: \"{path}\": missing value");
    }

    private static int Index(string segment, int count, string name, string path) =>
        int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < count
            ? index
            : throw StatusErrors.Unprocessable($"{name} operation does not apply: doc is missing path: \"{path}\": invalid index referenced");

    private static List<string> Pointer(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }
        if (path[0] != '/')
        {
            throw StatusErrors.BadRequest($"JSON pointer must be empty or start with a \"/\": {path}");
        }
        return path[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }
}
