using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Json;

namespace MeshBot.KubernetesEmulator.Tables;

/// <summary>Cell builders shared by the built-in printers and the CRD printer columns.</summary>
internal static class Cells
{
    public static readonly PrinterColumn AgeColumn = new("Age", "string", 0, (obj, now) => Age(obj, now),
        Description: "CreationTimestamp is a timestamp representing the server time when this object was created.");

    /// <summary>A CRD column of type date: the server renders it as an age, like the API server's CRD table convertor.</summary>
    public static PrinterColumn Date(string name, params string[] path) =>
        new(name, "date", 0, (obj, now) => obj.Time(path) is { } t ? HumanDuration.Since(t, now) : (JsonNode?)null);

    public static PrinterColumn Text(string name, params string[] path) =>
        new(name, "string", 0, (obj, _) => obj.Str(path));

    /// <summary>A CRD column reading <c>.status.conditions[?(@.type==TYPE)].FIELD</c>.</summary>
    public static PrinterColumn Condition(string name, string type, string field) =>
        new(name, "string", 0, (obj, _) => obj.Objects("status", "conditions").FirstOrDefault(c => c.Str("type") == type).Str(field));

    public static JsonNode Age(JsonObject obj, DateTimeOffset now) => HumanDuration.Since(obj.Time("metadata", "creationTimestamp"), now);

    public static JsonNode Int(JsonObject obj, params string[] path) => obj.Long(path) ?? 0;

    public static string OrNone(string? text) => string.IsNullOrEmpty(text) ? "<none>" : text;

    /// <summary>A label selector as <c>kubectl</c> prints it (<c>app=api,tier in (web)</c>).</summary>
    public static string Selector(JsonNode? selector)
    {
        if (selector is not JsonObject obj)
        {
            return "<none>";
        }
        var parts = obj.StringMap("matchLabels").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}").ToList();
        foreach (var expression in obj.Objects("matchExpressions"))
        {
            var values = string.Join(",", (expression["values"] as JsonArray ?? []).Select(JsonNodes.Scalar));
            parts.Add(expression.Str("operator") switch
            {
                "In" => $"{expression.Str("key")} in ({values})",
                "NotIn" => $"{expression.Str("key")} notin ({values})",
                "Exists" => expression.Str("key") ?? "",
                _ => "!" + expression.Str("key"),
            });
        }
        return parts.Count == 0 ? "<none>" : string.Join(",", parts);
    }
}
