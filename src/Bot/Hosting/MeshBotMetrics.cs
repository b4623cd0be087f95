using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace MeshBot.Bot.Hosting;

/// <summary>
/// The bot's Prometheus metrics, rendered in the text exposition format at <c>/metrics</c>: counters with labels,
/// one histogram (diagnosis duration), and gauges read at scrape time (incidents by state). Thread-safe; small
/// enough not to need a metrics library.
/// </summary>
public sealed class MeshBotMetrics
{
    private static readonly double[] DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly ConcurrentDictionary<(string Name, string Labels), double> _counters = new();
    private readonly ConcurrentDictionary<string, string> _help = new(StringComparer.Ordinal);
    private readonly Lock _histogram = new();
    private readonly long[] _durationCounts = new long[DurationBuckets.Length];
    private double _durationSum;
    private long _durationTotal;

    /// <summary>Adds to a counter; <paramref name="labels"/> are name/value pairs.</summary>
    public void Count(string name, string help, double by = 1, params (string Name, string Value)[] labels)
    {
        _help.TryAdd(name, help);
        _counters.AddOrUpdate((name, Format(labels)), by, (_, v) => v + by);
    }

    public void WebhookRejected(string endpoint, string reason) =>
        Count("meshbot_webhook_rejections_total", "Inbound requests rejected before anything was parsed or stored.", 1, ("endpoint", endpoint), ("reason", reason));

    public void ChatApiCall(string platform, string method, string outcome) =>
        Count("meshbot_chat_api_calls_total", "Calls to the Slack Web API and the Bot Framework connector.", 1, ("platform", platform), ("method", method), ("outcome", outcome));

    public void RateLimitWait(string platform, TimeSpan waited) =>
        Count("meshbot_chat_rate_limit_wait_seconds_total", "Time spent waiting on chat rate limits (429 Retry-After and pacing).", waited.TotalSeconds, ("platform", platform));

    public void DiagnosisDuration(TimeSpan duration)
    {
        lock (_histogram)
        {
            for (var i = 0; i < DurationBuckets.Length; i++)
            {
                if (duration.TotalSeconds <= DurationBuckets[i])
                {
                    _durationCounts[i]++;
                }
            }
            _durationSum += duration.TotalSeconds;
            _durationTotal++;
        }
    }

    /// <param name="kubernetes">The API client's request and error totals, read at scrape time (null without a live cluster).</param>
    public string Render(IReadOnlyDictionary<string, int> incidentsByState, (int Requests, int Errors)? kubernetes = null)
    {
        var text = new StringBuilder();
        if (kubernetes is var (requests, errors))
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP meshbot_kubernetes_api_requests_total Kubernetes API requests, retries included.\n# TYPE meshbot_kubernetes_api_requests_total counter\nmeshbot_kubernetes_api_requests_total {requests}\n");
            text.Append(CultureInfo.InvariantCulture, $"# HELP meshbot_kubernetes_api_errors_total Kubernetes API requests that failed.\n# TYPE meshbot_kubernetes_api_errors_total counter\nmeshbot_kubernetes_api_errors_total {errors}\n");
        }
        text.Append("# HELP meshbot_incidents Incidents by workflow state.\n# TYPE meshbot_incidents gauge\n");
        foreach (var (state, count) in incidentsByState.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"meshbot_incidents{{state=\"{Escape(state)}\"}} {count}\n");
        }

        lock (_histogram)
        {
            text.Append("# HELP meshbot_diagnosis_duration_seconds Time to walk the runbook for one incident.\n# TYPE meshbot_diagnosis_duration_seconds histogram\n");
            for (var i = 0; i < DurationBuckets.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"meshbot_diagnosis_duration_seconds_bucket{{le=\"{DurationBuckets[i]}\"}} {_durationCounts[i]}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"meshbot_diagnosis_duration_seconds_bucket{{le=\"+Inf\"}} {_durationTotal}\n");
            text.Append(CultureInfo.InvariantCulture, $"meshbot_diagnosis_duration_seconds_sum {_durationSum}\nmeshbot_diagnosis_duration_seconds_count {_durationTotal}\n");
        }

        foreach (var group in _counters.GroupBy(c => c.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {group.Key} {_help.GetValueOrDefault(group.Key, group.Key)}\n# TYPE {group.Key} counter\n");
            foreach (var ((name, labels), value) in group.OrderBy(c => c.Key.Labels, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}{labels} {value}\n");
            }
        }
        return text.ToString();
    }

    private static string Format((string Name, string Value)[] labels) =>
        labels.Length == 0 ? "" : "{" + string.Join(',', labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")) + "}";

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
