using MeshBot.Bot.Hosting;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// <c>POST /api/messages</c>. The bearer token is validated before the body is even read; then the body (bounded)
/// is parsed, the token's <c>serviceurl</c> claim must be the activity's <c>serviceUrl</c> exactly and the signing key must
/// endorse its <c>channelId</c>. Anything rejected is counted and answered 401 (token), 403 (endorsement, as
/// bot-docs asks) or 400 (body) with nothing stored or executed.
/// </summary>
internal sealed class TeamsMessagesEndpoint(BotFrameworkAuthenticator authenticator, TeamsActivityHandler handler, TeamsConversations conversations, MeshBotMetrics metrics, ILogger<TeamsMessagesEndpoint> logger)
{
    public const string Path = "/api/messages";
    public const int MaxBodyBytes = 256 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var authorization = context.Request.Headers.Authorization;
        TokenCheck token;
        try
        {
            token = await authenticator.ValidateAsync(authorization.Count == 1 ? authorization[0] : null, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            logger.LogError("Teams activity not authenticated: {Message}", e.Message);
            Reject(context, StatusCodes.Status503ServiceUnavailable, "keys-unavailable");
            return;
        }
        if (!token.Valid)
        {
            Reject(context, StatusCodes.Status401Unauthorized, token.Failure!);
            return;
        }
        var body = await CappedBody.ReadAsync(context.Request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            Reject(context, StatusCodes.Status400BadRequest, "oversized");
            return;
        }
        var activity = TeamsActivity.TryParse(body);
        if (activity is null || (activity.Type is "message" or "invoke" && (activity.Conversation?.Id is not { Length: > 0 } || activity.From?.Id is not { Length: > 0 })))
        {
            Reject(context, StatusCodes.Status400BadRequest, "malformed");
            return;
        }
        if (token.ServiceUrl is null || !string.Equals(token.ServiceUrl, activity.ServiceUrl, StringComparison.Ordinal))
        {
            Reject(context, StatusCodes.Status401Unauthorized, "serviceurl-mismatch");
            return;
        }
        if (!token.Key!.Endorses(activity.ChannelId))
        {
            Reject(context, StatusCodes.Status403Forbidden, "endorsement");
            return;
        }
        if (!ServiceUrls.TryParse(activity.ServiceUrl, out var serviceUrl))
        {
            Reject(context, StatusCodes.Status400BadRequest, "serviceurl-not-https");
            return;
        }

        conversations.Remember(activity, serviceUrl);
        var reply = await handler.HandleAsync(activity, serviceUrl, cancellationToken).ConfigureAwait(false);
        context.Response.StatusCode = reply.Status;
        if (reply.Body is not null)
        {
            await context.Response.WriteAsJsonAsync(reply.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Reject(HttpContext context, int status, string reason)
    {
        metrics.WebhookRejected(Path, reason);
        logger.LogWarning("Rejected a request to {Path}: {Reason}", Path, reason);
        context.Response.StatusCode = status;
    }
}
