using System.Text.Json.Nodes;
using MeshBot.Testing;

namespace MeshBot.Bot.Tests.Adapters.Alertmanager;

/// <summary>
/// Webhook bodies: the real ones captured from Alertmanager (Payloads/, copied from the project's protocol reference) and
/// notifications in the same version-4 shape built for a test.
/// </summary>
internal static class Payloads
{
    /// <summary>Alertmanager 0.25 (the Debian package) on loopback, one firing alert, route without group_by: groupKey <c>{}:{}</c>.</summary>
    public const string Firing025 = "alertmanager-0.25-webhook-firing.json";

    /// <summary>The current format (notification_reason, routeLabels), derived from Alertmanager's TestWebhookDefaultPayload.</summary>
    public const string ResolvedCurrent = "alertmanager-webhook-resolved.json";

    public static string Read(string name) => File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "tests", "Bot.Tests", "Adapters", "Alertmanager", "Payloads", name));

    public static string Notification(string groupKey, string status, params IReadOnlyDictionary<string, string>[] alerts)
    {
        var common = alerts.Length == 0 ? [] : alerts.Skip(1).Aggregate(alerts[0].AsEnumerable(), (acc, next) => acc.Where(l => next.TryGetValue(l.Key, out var v) && v == l.Value)).ToArray();
        return new JsonObject
        {
            ["receiver"] = "meshbot",
            ["status"] = status,
            ["alerts"] = new JsonArray(alerts.Select(a => (JsonNode)new JsonObject
            {
                ["status"] = status,
                ["labels"] = Labels(a),
                ["annotations"] = new JsonObject { ["summary"] = "mTLS handshake failures" },
                ["startsAt"] = "2026-11-22T07:56:44.363144725Z",
                ["endsAt"] = status == "firing" ? "0001-01-01T00:00:00Z" : "2026-11-22T08:56:44Z",
                ["generatorURL"] = "http://prometheus:9090/graph?g0.expr=up\u0026g0.tab=1",
                ["fingerprint"] = "5adf30feac8aeacc",
            }).ToArray()),
            ["groupLabels"] = new JsonObject(),
            ["commonLabels"] = Labels(common),
            ["commonAnnotations"] = null,
            ["externalURL"] = "http://alertmanager:9093",
            ["version"] = "4",
            ["groupKey"] = groupKey,
            ["truncatedAlerts"] = 0,
        }.ToJsonString();
    }

    public static Dictionary<string, string> Alert(string alertname, params (string Name, string Value)[] labels)
    {
        var set = new Dictionary<string, string>(StringComparer.Ordinal) { ["alertname"] = alertname, ["severity"] = "critical" };
        foreach (var (name, value) in labels)
        {
            set[name] = value;
        }
        return set;
    }

    private static JsonObject Labels(IEnumerable<KeyValuePair<string, string>> labels) => new(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
}
