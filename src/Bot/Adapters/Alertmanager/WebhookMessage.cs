using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace MeshBot.Bot.Adapters.Alertmanager;

/// <summary>One alert of a notification: its status and labels (annotations and times are not needed).</summary>
internal sealed record WebhookAlert(string Status, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// An Alertmanager webhook notification, payload version 4 (<c>notify/webhook/webhook.go</c>: <c>Message{*template.Data;
/// Version; GroupKey; TruncatedAlerts}</c>): one alert group, <c>status</c> <c>firing</c> or <c>resolved</c>. Parsed and
/// checked completely before anything acts on it.
/// </summary>
internal sealed record WebhookMessage(
    string GroupKey,
    string Status,
    string Receiver,
    IReadOnlyDictionary<string, string> CommonLabels,
    IReadOnlyList<WebhookAlert> Alerts,
    long TruncatedAlerts)
{
    public const int MaxGroupKeyLength = 8192;

    public bool Firing => Status == "firing";

    /// <summary>
    /// Parses a body. On failure <paramref name="rejection"/> is the metric reason (<c>malformed-json</c>,
    /// <c>wrong-version</c>, <c>invalid-payload</c>) and <paramref name="problem"/> says what is wrong.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, out WebhookMessage? message, out string rejection, out string problem)
    {
        message = null;
        rejection = "";
        problem = "";
        // The parser checks UTF-8 only where it looks, and reading a bad string later throws (a 500, which Alertmanager
        // retries for ever): check the whole body first, and refuse it as the client's fault.
        if (InvalidUtf8At(body.Span) is var bad and >= 0)
        {
            (rejection, problem) = ("malformed-json", $"the body is not valid UTF-8 JSON: invalid byte 0x{body.Span[bad]:X2} at offset {bad}");
            return false;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            (rejection, problem) = ("malformed-json", $"the body is not JSON: {e.Message}");
            return false;
        }
        using (document)
        {
            try
            {
                message = Read(document.RootElement);
                return true;
            }
            catch (PayloadException e)
            {
                (rejection, problem) = (e.Rejection, e.Message);
                return false;
            }
            catch (InvalidOperationException e)
            {
                // A string escape that is no text (a lone surrogate, "\ud800"): valid JSON syntax, not a usable payload.
                (rejection, problem) = ("invalid-payload", $"a string in the body is not valid text: {e.Message}");
                return false;
            }
        }
    }

    private static WebhookMessage Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("the body is not a JSON object");
        }
        var version = root.TryGetProperty("version", out var v) ? v : default;
        if (version.ValueKind != JsonValueKind.String || version.GetString() != "4")
        {
            throw new PayloadException("wrong-version", $"\"version\" is {(version.ValueKind == JsonValueKind.Undefined ? "missing" : version.GetRawText())}; MeshBot reads Alertmanager webhook payload version \"4\"");
        }
        var groupKey = String(root, "groupKey", required: true)!;
        if (groupKey.Length == 0 || groupKey.Length > MaxGroupKeyLength)
        {
            throw Invalid($"\"groupKey\" must be a non-empty string of at most {MaxGroupKeyLength} characters");
        }
        var status = CheckStatus(String(root, "status", required: true)!, "status");
        var receiver = String(root, "receiver", required: false) ?? "";
        var common = Labels(root, "commonLabels", required: false);
        if (!root.TryGetProperty("alerts", out var alertsElement) || alertsElement.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("\"alerts\" must be an array");
        }
        var alerts = new List<WebhookAlert>();
        foreach (var alert in alertsElement.EnumerateArray())
        {
            if (alert.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"alerts[{alerts.Count}] is not an object");
            }
            alerts.Add(new WebhookAlert(CheckStatus(String(alert, "status", required: true)!, $"alerts[{alerts.Count}].status"), Labels(alert, "labels", required: true)));
        }
        long truncated = 0;
        if (root.TryGetProperty("truncatedAlerts", out var t) && t.ValueKind != JsonValueKind.Null && (t.ValueKind != JsonValueKind.Number || !t.TryGetInt64(out truncated) || truncated < 0))
        {
            throw Invalid("\"truncatedAlerts\" must be a non-negative integer");
        }
        return new WebhookMessage(groupKey, status, receiver, common, alerts, truncated);
    }

    /// <summary>The offset of the first byte that is not well-formed UTF-8, or -1.</summary>
    private static int InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return -1;
        }
        var at = 0;
        while (Rune.DecodeFromUtf8(bytes[at..], out _, out var used) == OperationStatus.Done)
        {
            at += used;
        }
        return at;
    }

    private static string CheckStatus(string status, string field) =>
        status is "firing" or "resolved" ? status : throw Invalid($"\"{field}\" is '{Shorten(status)}', not firing or resolved");

    private static string? String(JsonElement element, string name, bool required)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Invalid($"\"{name}\" is missing") : null;
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid($"\"{name}\" must be a string");
    }

    // Label sets are objects of strings; Alertmanager 0.25 may send null for an empty one.
    private static Dictionary<string, string> Labels(JsonElement element, string name, bool required)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Invalid($"\"{name}\" is missing") : labels;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"\"{name}\" must be an object of strings");
        }
        foreach (var label in value.EnumerateObject())
        {
            labels[label.Name] = label.Value.ValueKind == JsonValueKind.String
                ? label.Value.GetString()!
                : throw Invalid($"\"{name}\".{Shorten(label.Name)} must be a string");
        }
        return labels;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static PayloadException Invalid(string problem) => new("invalid-payload", problem);

    private sealed class PayloadException(string rejection, string message) : Exception(message)
    {
        public string Rejection { get; } = rejection;
    }
}
