using System.Globalization;
using System.Text.Json;

namespace MeshBot.Cluster.Json;

/// <summary>Null-tolerant accessors over Kubernetes JSON: absent, null and mistyped fields read as "not set".</summary>
public static class JsonElementExtensions
{
    public static JsonElement? Path(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var segment in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }
        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    public static string? Str(this JsonElement element, params string[] path) =>
        element.Path(path) is { } value ? AsString(value) : null;

    public static int? Int(this JsonElement element, params string[] path) =>
        element.Path(path) is { } value ? AsInt(value) : null;

    public static bool? Bool(this JsonElement element, params string[] path) =>
        element.Path(path) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    public static DateTimeOffset? Time(this JsonElement element, params string[] path) =>
        element.Str(path) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    public static IReadOnlyDictionary<string, string> StringMap(this JsonElement element, params string[] path)
    {
        if (element.Path(path) is not { ValueKind: JsonValueKind.Object } map)
        {
            return Empty;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in map.EnumerateObject())
        {
            if (AsString(property.Value) is { } text)
            {
                result[property.Name] = text;
            }
        }
        return result;
    }

    public static IEnumerable<JsonElement> Items(this JsonElement element, params string[] path) =>
        element.Path(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static IEnumerable<JsonProperty> Properties(this JsonElement element, params string[] path) =>
        element.Path(path) is { ValueKind: JsonValueKind.Object } map ? map.EnumerateObject() : [];

    public static IReadOnlyList<string> Strings(this JsonElement element, params string[] path) =>
        element.Items(path).Select(AsString).OfType<string>().ToArray();

    public static string? AsString(this JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    public static int? AsInt(this JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var number) => number,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
