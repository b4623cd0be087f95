using System.Text.Json;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// A <c>block_actions</c> interaction: who pressed, where (channel, message, thread), the <c>response_url</c> for
/// answering the presser, and the pressed buttons' <c>action_id</c>s (MeshBot's <c>approve:INCIDENT:PROPOSAL</c> strings).
/// </summary>
internal sealed record SlackBlockActions(string UserId, string? UserName, string? ChannelId, string? MessageTs, string? ThreadTs, string? ResponseUrl, IReadOnlyList<string> ActionIds)
{
    public const int MaxActionIdLength = 255;

    /// <summary>The payload's <c>type</c> (<c>block_actions</c>, <c>view_submission</c>, …), or null when it is not an interaction payload at all.</summary>
    public static string? TypeOf(JsonElement payload) => payload.Str("type");

    /// <summary>Null when a <c>block_actions</c> payload lacks what a press needs (a user, at least one action).</summary>
    public static SlackBlockActions? FromJson(JsonElement payload)
    {
        var user = payload.Obj("user");
        var userId = user?.Str("id");
        if (!SlackIds.IsId(userId) || !payload.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var ids = actions.EnumerateArray()
            .Select(a => a.Str("action_id"))
            .OfType<string>()
            .Where(id => id.Length is > 0 and <= MaxActionIdLength)
            .ToArray();
        if (ids.Length == 0)
        {
            return null;
        }
        var container = payload.Obj("container");
        var channel = payload.Obj("channel")?.Str("id") ?? container?.Str("channel_id");
        var message = payload.Obj("message");
        return new SlackBlockActions(
            userId!,
            user?.Str("username") ?? user?.Str("name"),
            SlackIds.IsId(channel) ? channel : null,
            Ts(container?.Str("message_ts") ?? message?.Str("ts")),
            Ts(container?.Str("thread_ts") ?? message?.Str("thread_ts")),
            payload.Str("response_url"),
            ids);
    }

    private static string? Ts(string? ts) => SlackIds.IsTs(ts) ? ts : null;
}
