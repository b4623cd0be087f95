using System.Text.Json;

namespace MeshBot.Remediation.Execution;

/// <summary>
/// The fields that differ between an object and its dry-run result, as <c>path: before → after</c> lines, ignoring
/// what the server maintains itself (resourceVersion, generation, managedFields, status).
/// </summary>
internal static class JsonDiff
{
    private static readonly string[] Ignored =
    [
        "metadata.resourceVersion", "metadata.generation", "metadata.managedFields", "metadata.uid",
        "metadata.creationTimestamp", "status",
    ];

    public static IReadOnlyList<string> Changes(JsonElement? before, JsonElement after)
    {
        var changes = new List<string>();
        Compare("", before, after, changes);
        return changes;
    }

    private static void Compare(string path, JsonElement? before, JsonElement? after, List<string> changes)
    {
        if (Ignored.Contains(path))
        {
            return;
        }
        if (before is { ValueKind: JsonValueKind.Object } b && after is { ValueKind: JsonValueKind.Object } a)
        {
            var names = b.EnumerateObject().Select(p => p.Name).Union(a.EnumerateObject().Select(p => p.Name)).Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                Compare(path.Length == 0 ? name : $"{path}.{name}", Child(b, name), Child(a, name), changes);
            }
            return;
        }
        var from = Text(before);
        var to = Text(after);
        if (from != to)
        {
            changes.Add($"{path}: {Shorten(from)} → {Shorten(to)}");
        }
    }

    private static JsonElement? Child(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value : null;

    private static string Text(JsonElement? value) => value is { } v ? v.GetRawText() : "(absent)";

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
