using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Hosting;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>A posted message: the channel id Slack filed it under and its <c>ts</c>.</summary>
internal sealed record SlackPosted(string Channel, string Ts);

/// <summary>Who the bot token belongs to (<c>auth.test</c>): the bot's user id is what mentions of it look like.</summary>
internal sealed record SlackIdentity(string UserId, string? BotId, string? TeamId);

/// <summary>
/// The Slack Web API over HttpClient: <c>POST {ApiBaseUrl}{method}</c> with <c>Authorization: Bearer</c> and a JSON body
/// (<c>application/json; charset=utf-8</c>). Slack reports most failures as HTTP 200 with <c>ok: false</c>; those become
/// a <see cref="SlackApiException"/> naming the error. HTTP 429 is waited out as <c>Retry-After</c> says (bounded), and
/// calls are paced per method by <see cref="SlackPacer"/>. Tokens go in the header only and are never logged.
/// </summary>
internal sealed class SlackApiClient(IHttpClientFactory httpClients, SlackOptions options, SlackPacer pacer, SlackPacing pacing, MeshBotMetrics metrics, TimeProvider time, ILogger<SlackApiClient> logger)
{
    public const string HttpClientName = "MeshBot.Slack";

    public async Task<SlackPosted> PostMessageAsync(string channel, SlackMessage message, string? threadTs, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["channel"] = channel,
            ["text"] = message.Text,
            ["unfurl_links"] = false,
            ["unfurl_media"] = false,
        };
        if (message.Blocks.Count > 0)
        {
            body["blocks"] = message.Blocks.DeepClone();
        }
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }
        var result = await CallAsync("chat.postMessage", channel, body, options.BotToken, cancellationToken).ConfigureAwait(false);
        return Posted("chat.postMessage", result, channel, "ts");
    }

    public async Task<SlackPosted> UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = message.Text, ["blocks"] = message.Blocks.DeepClone() };
        var result = await CallAsync("chat.update", channel, body, options.BotToken, cancellationToken).ConfigureAwait(false);
        return Posted("chat.update", result, channel, "ts");
    }

    /// <summary>A message only <paramref name="user"/> sees, in <paramref name="channel"/> (and in a thread when it is active).</summary>
    public async Task<SlackPosted> PostEphemeralAsync(string channel, string user, string text, string? threadTs, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["user"] = user, ["text"] = text };
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }
        var result = await CallAsync("chat.postEphemeral", channel, body, options.BotToken, cancellationToken).ConfigureAwait(false);
        return Posted("chat.postEphemeral", result, channel, "message_ts");
    }

    public async Task<SlackIdentity> AuthTestAsync(CancellationToken cancellationToken)
    {
        var result = await CallAsync("auth.test", null, null, options.BotToken, cancellationToken).ConfigureAwait(false);
        var user = result.Str("user_id");
        return SlackIds.IsId(user) ? new SlackIdentity(user!, result.Str("bot_id"), result.Str("team_id")) : throw new SlackApiException("auth.test", "invalid_response", "no user_id");
    }

    /// <summary><c>apps.connections.open</c> with the app-level token: a fresh, short-lived WebSocket URL for Socket Mode.</summary>
    public async Task<Uri> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var result = await CallAsync("apps.connections.open", null, null, options.AppToken, cancellationToken).ConfigureAwait(false);
        return Uri.TryCreate(result.Str("url"), UriKind.Absolute, out var url) && url.Scheme is "wss" or "ws"
            ? url
            : throw new SlackApiException("apps.connections.open", "invalid_response", "no WebSocket url");
    }

    /// <summary>
    /// Whether MeshBot will post to a <c>response_url</c>: Slack's hooks host, or the host the Web API is configured at
    /// (a proxy, a test server). Anything else is not followed, even in a signed payload.
    /// </summary>
    public bool IsResponseUrl(string? responseUrl, out Uri? url)
    {
        url = null;
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var candidate))
        {
            return false;
        }
        var slack = candidate.Scheme == "https" && candidate.IsDefaultPort && candidate.Host is "hooks.slack.com" or "hooks.slack-gov.com";
        var api = candidate.Scheme == options.ApiBaseUrl.Scheme && string.Equals(candidate.Authority, options.ApiBaseUrl.Authority, StringComparison.OrdinalIgnoreCase);
        url = slack || api ? candidate : null;
        return url is not null;
    }

    /// <summary>Posts to an interaction's or command's <c>response_url</c> (no token: the URL is the credential).</summary>
    public async Task RespondAsync(Uri responseUrl, JsonObject payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, responseUrl) { Content = JsonContent(payload) };
        using var response = await SendAsync("response_url", request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Failed("response_url", $"http_{(int)response.StatusCode}");
        }
        metrics.ChatApiCall("slack", "response_url", "ok");
    }

    private async Task<JsonElement> CallAsync(string method, string? channel, JsonObject? body, string token, CancellationToken cancellationToken)
    {
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body);
        for (var attempt = 0; ; attempt++)
        {
            await pacer.WaitAsync(method, channel, cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.ApiBaseUrl, method));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            // Methods without arguments get an empty form, which every Web API method accepts.
            request.Content = payload is null ? new FormUrlEncodedContent([]) : Bytes(payload);
            using var response = await SendAsync(method, request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var retryAfter = RetryAfter(response);
                metrics.ChatApiCall("slack", method, "ratelimited");
                if (attempt >= pacing.MaxRateLimitRetries || retryAfter > pacing.MaxRetryAfter)
                {
                    throw new SlackApiException(method, "ratelimited", $"Retry-After {retryAfter.TotalSeconds:0.#}s after {attempt + 1} attempt(s)");
                }
                logger.LogWarning("Slack {Method} rate limited (429); retrying in {Seconds:0.#}s", method, retryAfter.TotalSeconds);
                if (pacing.Rule(method, channel) is null)
                {
                    metrics.RateLimitWait("slack", retryAfter);
                    await Task.Delay(retryAfter, time, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    pacer.Penalize(method, channel, retryAfter); // the next WaitAsync waits it out, for every caller of this method
                }
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                throw Failed(method, $"http_{(int)response.StatusCode}");
            }
            JsonElement result;
            try
            {
                using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), default, cancellationToken).ConfigureAwait(false);
                result = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw Failed(method, "invalid_response", "not JSON");
            }
            if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("ok", out var ok) || ok.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Failed(method, "invalid_response", "no ok field");
            }
            if (ok.ValueKind == JsonValueKind.False)
            {
                throw Failed(method, Code(result.Str("error")));
            }
            metrics.ChatApiCall("slack", method, "ok");
            if (result.Str("warning") is { } warning)
            {
                logger.LogDebug("Slack {Method} warning: {Warning}", method, Code(warning));
            }
            return result;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string method, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Failed(method, "unreachable", e.HttpRequestError.ToString());
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(method, "timeout");
        }
    }

    private SlackApiException Failed(string method, string error, string? detail = null)
    {
        metrics.ChatApiCall("slack", method, error);
        return new SlackApiException(method, error, detail);
    }

    private static SlackPosted Posted(string method, JsonElement result, string channel, string tsField)
    {
        var ts = result.Str(tsField);
        return SlackIds.IsTs(ts) ? new SlackPosted(result.Str("channel") ?? channel, ts!) : throw new SlackApiException(method, "invalid_response", $"no {tsField}");
    }

    /// <summary>Slack's error codes are short snake_case words; anything else is reported as unknown rather than echoed.</summary>
    private static string Code(string? error) =>
        error is { Length: > 0 and <= 64 } && error.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') ? error : "unknown_error";

    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.FromSeconds(1));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static ByteArrayContent Bytes(byte[] payload)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static ByteArrayContent JsonContent(JsonObject payload) => Bytes(JsonSerializer.SerializeToUtf8Bytes(payload));
}
