using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Hosting;
using MeshBot.Cluster.Json;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// The Bot Connector REST API (bot-docs "API reference"), relative to a conversation's <c>serviceUrl</c>:
/// send to a conversation, reply to an activity, update an activity, create a conversation. Every call carries the
/// bot's token; a 429 is retried after its <c>Retry-After</c> (Teams rate-limits per bot and thread), a 401 once
/// with a fresh token; any other failure is a <see cref="TeamsApiException"/> with the status and the Connector's
/// <c>ErrorResponse</c> code and message.
/// </summary>
internal sealed class TeamsConnector(IHttpClientFactory http, TeamsTokenClient tokens, MeshBotMetrics metrics, TimeProvider time, ILogger<TeamsConnector> logger)
{
    public const int MaxRateLimitRetries = 3;
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    /// <summary><c>POST /v3/conversations/{id}/activities</c> → the new activity's id.</summary>
    public async Task<string> SendAsync(Uri serviceUrl, string conversationId, JsonObject activity, CancellationToken cancellationToken) =>
        Id(await CallAsync("send", HttpMethod.Post, ServiceUrls.Activities(serviceUrl, conversationId), activity, cancellationToken).ConfigureAwait(false), "id");

    /// <summary><c>POST /v3/conversations/{id}/activities/{activityId}</c> (threaded where the channel threads) → the new activity's id.</summary>
    public async Task<string> ReplyAsync(Uri serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken)
    {
        activity["replyToId"] = activityId;
        return Id(await CallAsync("reply", HttpMethod.Post, ServiceUrls.Activities(serviceUrl, conversationId, activityId), activity, cancellationToken).ConfigureAwait(false), "id");
    }

    /// <summary><c>PUT /v3/conversations/{id}/activities/{activityId}</c>: replaces the message's text and cards.</summary>
    public async Task UpdateAsync(Uri serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken)
    {
        activity["id"] = activityId;
        await CallAsync("update", HttpMethod.Put, ServiceUrls.Activities(serviceUrl, conversationId, activityId), activity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /v3/conversations</c> with ConversationParameters → the new conversation's id and its first activity's id.</summary>
    public async Task<(string ConversationId, string? ActivityId)> CreateConversationAsync(Uri serviceUrl, JsonObject parameters, CancellationToken cancellationToken)
    {
        var response = await CallAsync("create-conversation", HttpMethod.Post, ServiceUrls.Conversations(serviceUrl), parameters, cancellationToken).ConfigureAwait(false);
        return (Id(response, "id"), response.Str("activityId"));
    }

    private async Task<JsonElement> CallAsync(string operation, HttpMethod method, Uri uri, JsonObject body, CancellationToken cancellationToken)
    {
        var json = body.ToJsonString(OutgoingActivities.Wire);
        var client = http.CreateClient(TeamsEndpoints.ConnectorClient);
        var renewed = false;
        for (var retries = 0; ; )
        {
            var token = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Bearer", token);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                metrics.ChatApiCall("teams", operation, "error");
                throw new TeamsApiException(operation, null, null, $"{uri.Host} unreachable: {e.Message}");
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    metrics.ChatApiCall("teams", operation, "ok");
                    return Parse(text);
                }
                if (response.StatusCode == HttpStatusCode.TooManyRequests && retries < MaxRateLimitRetries)
                {
                    var wait = RetryAfter(response, retries++);
                    metrics.ChatApiCall("teams", operation, "rate-limited");
                    metrics.RateLimitWait("teams", wait);
                    logger.LogInformation("Teams {Operation} rate-limited; retrying in {Wait}", operation, wait);
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (response.StatusCode == HttpStatusCode.Unauthorized && !renewed)
                {
                    tokens.Invalidate(token); // revoked or rotated early: one retry with a fresh token
                    renewed = true;
                    continue;
                }
                metrics.ChatApiCall("teams", operation, "error");
                var (code, message) = Error(text);
                var correlation = response.Headers.TryGetValues("X-Correlating-OperationId", out var ids) ? string.Join(',', ids) : null;
                logger.LogWarning("Teams {Operation} failed: {Status} {Code} (operation id {Correlation})", operation, (int)response.StatusCode, code, correlation);
                throw new TeamsApiException(operation, response.StatusCode, code, message ?? response.ReasonPhrase ?? "no error message");
            }
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response, int retry)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta
            ?? (header?.Date is { } date ? date - time.GetUtcNow() : TimeSpan.FromSeconds(Math.Pow(2, retry)));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
    }

    private static JsonElement Parse(string text)
    {
        try
        {
            if (text.Length == 0)
            {
                return default;
            }
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>The Connector's <c>ErrorResponse</c>: <c>{"error":{"code","message"}}</c>.</summary>
    private static (string? Code, string? Message) Error(string text)
    {
        var body = Parse(text);
        return body.Path("error") is { ValueKind: JsonValueKind.Object }
            ? (body.Str("error", "code"), body.Str("error", "message"))
            : (null, text.Length is > 0 and < 300 ? text : null);
    }

    private static string Id(JsonElement response, string name) =>
        response.Str(name) is { Length: > 0 } id ? id : throw new TeamsApiException("call", null, null, $"the Connector answered without an {name}");
}
