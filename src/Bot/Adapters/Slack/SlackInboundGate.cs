using MeshBot.Bot.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>A request that passed the gate: its raw body, signed by Slack, not seen before.</summary>
internal sealed record SlackVerifiedBody(byte[] Body);

/// <summary>
/// The door every Slack HTTP request goes through before anything looks at its content: a size cap, the raw body read
/// once, the signature and timestamp checked on those bytes, replays refused, the body's UTF-8 and media type checked.
/// A refusal is answered at once (401, 400, 413, 415) and counted in <c>meshbot_webhook_rejections_total</c>; nothing is parsed, stored or run.
/// </summary>
internal sealed class SlackInboundGate(SlackSignatureVerifier verifier, SlackReplayGuard replays, MeshBotMetrics metrics, ILogger<SlackInboundGate> logger)
{
    /// <summary>Slash commands, button payloads and events are a few KiB; 64 KiB is generous.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const string SignatureHeader = "X-Slack-Signature";

    private const string Form = "application/x-www-form-urlencoded";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), bool> _warned = new();
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>The verified body, or null when the request was refused (the response is already written).</summary>
    public async Task<SlackVerifiedBody?> PassAsync(HttpContext context, string endpoint, string mediaType)
    {
        var request = context.Request;
        byte[]? body;
        try
        {
            body = await CappedBody.ReadAsync(request, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
        {
            return await RefuseAsync(context, endpoint, "unreadable-body", StatusCodes.Status400BadRequest).ConfigureAwait(false);
        }
        if (body is null)
        {
            return await RefuseAsync(context, endpoint, "too-large", StatusCodes.Status413PayloadTooLarge).ConfigureAwait(false);
        }

        if (IsSslCheck(request, body))
        {
            // Slack's certificate check of a command URL (ssl_check=1): answered 200 unsigned as Bolt answers it, nothing else read.
            logger.LogDebug("Slack ssl_check to {Endpoint} answered", endpoint);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return null;
        }
        var check = verifier.Verify(request.Headers[TimestampHeader].ToString(), request.Headers[SignatureHeader].ToString(), body, out var mac);
        if (check != SlackSignatureCheck.Valid)
        {
            return await RefuseAsync(context, endpoint, SlackSignatureVerifier.Reason(check), StatusCodes.Status401Unauthorized).ConfigureAwait(false);
        }
        if (!replays.FirstUse(mac))
        {
            return await RefuseAsync(context, endpoint, "replayed", StatusCodes.Status401Unauthorized).ConfigureAwait(false);
        }
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // Bolt verifies the body's text, not its bytes: a body that is not UTF-8 cannot be what Slack signed.
            return await RefuseAsync(context, endpoint, "invalid-utf8", StatusCodes.Status400BadRequest).ConfigureAwait(false);
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
        {
            return await RefuseAsync(context, endpoint, "bad-content-type", StatusCodes.Status415UnsupportedMediaType).ConfigureAwait(false);
        }
        return new SlackVerifiedBody(body);
    }

    /// <summary>
    /// <c>ssl_check=1</c> (once) in a body sent as exactly <c>application/x-www-form-urlencoded</c>: the two conditions under
    /// which Bolt's HTTP receiver answers without verifying a signature.
    /// </summary>
    private static bool IsSslCheck(HttpRequest request, byte[] body)
    {
        if (request.ContentType != Form || body.Length > 1024)
        {
            return false;
        }
        try
        {
            var form = new FormReader(System.Text.Encoding.UTF8.GetString(body)) { ValueCountLimit = 64 }.ReadForm();
            return form.TryGetValue("ssl_check", out var value) && value is ["1"];
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>A signed body whose content does not parse (or lacks what the endpoint needs): 400, counted.</summary>
    public Task MalformedAsync(HttpContext context, string endpoint, string reason) =>
        RefuseAsync(context, endpoint, reason, StatusCodes.Status400BadRequest);

    private async Task<SlackVerifiedBody?> RefuseAsync(HttpContext context, string endpoint, string reason, int status)
    {
        metrics.WebhookRejected(endpoint, reason);
        // The first refusal of each kind is a warning (a wrong signing secret shows at once); the rest are counted, not shouted.
        logger.Log(_warned.TryAdd((endpoint, reason), true) ? LogLevel.Warning : LogLevel.Debug,
            "refused a request to {Endpoint} from {Remote}: {Reason} (meshbot_webhook_rejections_total counts them)", endpoint, context.Connection.RemoteIpAddress, reason);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"refused: {reason}\n", context.RequestAborted).ConfigureAwait(false);
        return null;
    }
}
