namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// A Web API call Slack refused: <c>ok: false</c> with its error code (<c>channel_not_found</c>, <c>invalid_auth</c>,
/// <c>not_in_channel</c>, <c>msg_too_long</c>…), <c>ratelimited</c> when 429s outlasted the retries, <c>http_NNN</c>
/// for other HTTP failures. The message names the method and the code, never a token.
/// </summary>
public sealed class SlackApiException(string method, string error, string? detail = null)
    : Exception($"Slack {method} failed: {error}{(detail is null ? "" : $" ({detail})")}")
{
    public string Method { get; } = method;

    public string Error { get; } = error;
}
