using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MeshBot.Bot.Demo.Cluster;

/// <summary>Small accessors over mutable Kubernetes JSON: read a path, get-or-create a nested map, convert to a read-only element.</summary>
internal static class JsonNodes
{
    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var segment in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out node))
            {
                return null;
            }
        }
        return node;
    }

    public static string? Str(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        } : null;

    public static int? Int(this JsonNode? node, params string[] path) =>
        int.TryParse(node.Str(path), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>The map at <paramref name="path"/>, created (replacing anything that is not a map) when missing.</summary>
    public static JsonObject Obj(this JsonObject node, params string[] path)
    {
        var current = node;
        foreach (var segment in path)
        {
            if (current[segment] is not JsonObject child)
            {
                current[segment] = child = [];
            }
            current = child;
        }
        return current;
    }

    public static IEnumerable<JsonObject> Items(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray array ? array.OfType<JsonObject>() : [];

    public static Dictionary<string, string> Map(this JsonNode? node, params string[] path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node.At(path) is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value.Str() is { } text)
                {
                    result[key] = text;
                }
            }
        }
        return result;
    }

    public static JsonObject Metadata(this JsonObject obj) => obj.Obj("metadata");

    public static string Name(this JsonObject obj) => obj.Str("metadata", "name") ?? "";

    public static string? Namespace(this JsonObject obj) => obj.Str("metadata", "namespace");

    public static JsonObject FromMap(IEnumerable<KeyValuePair<string, string>> map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map)
        {
            result[key] = value;
        }
        return result;
    }

    public static JsonObject Clone(this JsonObject obj) => (JsonObject)obj.DeepClone();

    /// <summary>An immutable copy for the typed views, which keep their element for as long as they live.</summary>
    public static JsonElement ToElement(this JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    public static JsonObject ToNode(this JsonElement element) => JsonNode.Parse(element.GetRawText())!.AsObject();

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
