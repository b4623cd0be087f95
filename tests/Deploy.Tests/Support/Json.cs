using System.Text.Json.Nodes;

namespace MeshBot.Deploy.Tests.Support;

/// <summary>Small accessors for Kubernetes objects held as <see cref="JsonNode"/>.</summary>
public static class Json
{
    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(key, out var next) ? next : null;
        }
        return node;
    }

    public static string? Str(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static bool? Bool(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    public static long? Long(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<long>(out var n) ? n : null;

    public static IReadOnlyList<JsonNode> Items(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray array ? array.OfType<JsonNode>().ToList() : [];

    public static IReadOnlyList<string> Strings(this JsonNode? node, params string[] path) =>
        node.Items(path).Select(i => i.GetValue<string>()).ToList();

    public static string Kind(this JsonNode obj) => obj.Str("kind") ?? "";

    public static string Name(this JsonNode obj) => obj.Str("metadata", "name") ?? "";

    public static string? Namespace(this JsonNode obj) => obj.Str("metadata", "namespace");

    public static string Ref(this JsonNode obj) => obj.Namespace() is { } ns ? $"{obj.Kind()}/{ns}/{obj.Name()}" : $"{obj.Kind()}/{obj.Name()}";
}
