using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MeshBot.KubernetesEmulator.Json;

/// <summary>Small path helpers over <see cref="JsonNode"/>, the emulator's in-memory object representation.</summary>
internal static class JsonNodes
{
    // Go's encoder leaves quotes and '+' alone; the default .NET encoder would write \u0022 and \u002B into messages.
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var segment in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    /// <summary>The value at <paramref name="path"/> as a string when it is a scalar (numbers and booleans print as JSON does), else null.</summary>
    public static string? Str(this JsonNode? node, params string[] path) => Scalar(node.At(path));

    // Numbers set in code are JsonValue<int> and parsed ones JsonElement-backed; their JSON text reads the same.
    public static long? Long(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static bool? Bool(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray array ? array.OfType<JsonObject>() : [];

    public static string? Scalar(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    /// <summary>The child object <paramref name="name"/>, created when absent or not an object.</summary>
    public static JsonObject Child(this JsonObject obj, string name)
    {
        if (obj[name] is JsonObject child)
        {
            return child;
        }
        var created = new JsonObject();
        obj[name] = created;
        return created;
    }

    public static JsonObject Metadata(this JsonObject obj) => obj.Child("metadata");

    public static IReadOnlyDictionary<string, string> StringMap(this JsonNode? node, params string[] path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node.At(path) is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (Scalar(value) is { } text)
                {
                    map[key] = text;
                }
            }
        }
        return map;
    }

    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8)
    {
        var node = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        return node as JsonObject ?? throw new JsonException("expected a JSON object");
    }

    public static byte[] ToUtf8(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Compact);

    /// <summary>A parsed copy: every value becomes JSON-backed, so readers can take numbers as int or long alike.</summary>
    public static JsonObject Reparse(JsonObject obj) => ParseObject(ToUtf8(obj));

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Time(this JsonNode? node, params string[] path) =>
        node.Str(path) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
