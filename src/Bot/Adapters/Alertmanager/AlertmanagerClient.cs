using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MeshBot.Bot.Adapters.Alertmanager;

/// <summary>A call to Alertmanager that did not succeed; the message is fit to show to the person who asked.</summary>
internal sealed class AlertmanagerException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The two calls of Alertmanager's API v2 (<c>api/v2/openapi.yaml</c>) MeshBot makes: <c>POST /api/v2/silences</c>
/// with a <c>postableSilence</c> (<c>matchers[]</c> of <c>{name, value, isRegex, isEqual}</c>, <c>startsAt</c>,
/// <c>endsAt</c>, <c>createdBy</c>, <c>comment</c>), answered <c>200 {"silenceID": …}</c>; and
/// <c>DELETE /api/v2/silence/{silenceID}</c>, which expires the silence (it stays listed, state <c>expired</c>).
/// </summary>
internal sealed class AlertmanagerClient(IHttpClientFactory clients, AlertmanagerOptions options)
{
    public const string HttpClientName = "MeshBot.Alertmanager";

    public string BaseUrl => options.BaseUrl ?? throw new InvalidOperationException("MeshBot:Alertmanager:Url is not set");

    /// <summary>The silence's page in the Alertmanager UI.</summary>
    public string SilenceLink(string silenceId) => $"{BaseUrl}/#/silences/{Uri.EscapeDataString(silenceId)}";

    /// <summary>Creates a silence whose matchers are exactly these labels (equality, no regex); returns its id.</summary>
    public async Task<string> CreateSilenceAsync(IReadOnlyDictionary<string, string> labels, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["matchers"] = new JsonArray(labels.OrderBy(l => l.Key, StringComparer.Ordinal)
                .Select(l => (JsonNode)new JsonObject { ["name"] = l.Key, ["value"] = l.Value, ["isRegex"] = false, ["isEqual"] = true }).ToArray()),
            ["startsAt"] = Rfc3339(startsAt),
            ["endsAt"] = Rfc3339(endsAt),
            ["createdBy"] = createdBy,
            ["comment"] = comment,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/api/v2/silences")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var (status, text) = await SendAsync(request, "create a silence", cancellationToken).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            throw new AlertmanagerException($"Alertmanager at {BaseUrl} refused the silence ({(int)status}): {Shorten(text)}");
        }
        try
        {
            using var answer = JsonDocument.Parse(text);
            if (answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.TryGetProperty("silenceID", out var id) && id.GetString() is { Length: > 0 } silenceId)
            {
                return silenceId;
            }
        }
        catch (JsonException)
        {
        }
        throw new AlertmanagerException($"Alertmanager at {BaseUrl} answered the silence without a silenceID: {Shorten(text)}");
    }

    /// <summary>
    /// Expires a silence; false when Alertmanager no longer knows it. Alertmanager 0.25 answers 200 again for an
    /// expired silence and 500 <c>"silence not found"</c> for an unknown id; newer versions answer 404 for the latter
    /// (and older code said "already expired"): all of these count as done.
    /// </summary>
    public async Task<bool> ExpireSilenceAsync(string silenceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{BaseUrl}/api/v2/silence/{Uri.EscapeDataString(silenceId)}");
        var (status, text) = await SendAsync(request, $"expire silence {silenceId}", cancellationToken).ConfigureAwait(false);
        return status switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ when text.Contains("not found", StringComparison.OrdinalIgnoreCase) || text.Contains("already expired", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new AlertmanagerException($"Alertmanager at {BaseUrl} did not expire silence {silenceId} ({(int)status}): {Shorten(text)}"),
        };
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(HttpClientName);
        http.Timeout = options.Timeout;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertmanagerException($"Alertmanager at {BaseUrl} did not answer within {options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (trying to {what})", e);
        }
        catch (HttpRequestException e)
        {
            throw new AlertmanagerException($"Alertmanager at {BaseUrl} is unreachable (trying to {what}): {e.Message}", e);
        }
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Shorten(string text)
    {
        text = text.Trim();
        return text.Length <= 300 ? text : text[..300] + "…";
    }
}
