using System.Text.Json;
using System.Text.RegularExpressions;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// An Events API <c>app_mention</c> (<c>@MeshBot diagnose …</c>) from an <c>event_callback</c>: the command text
/// without the mention, who typed it, and where to reply (the thread it was typed in, or a new one under it).
/// </summary>
internal sealed partial record SlackAppMention(string EventId, string UserId, string ChannelId, string Text, string Ts, string? ThreadTs)
{
    /// <summary>Where the answer goes: the existing thread, else a thread under the mention.</summary>
    public string ReplyThreadTs => ThreadTs ?? Ts;

    /// <summary>
    /// The mention from an <c>event_callback</c> body, or null for anything MeshBot does not answer: other event
    /// types, bots (its own messages included), messages with a subtype (edits, bot_message), missing fields.
    /// </summary>
    public static SlackAppMention? FromCallback(JsonElement callback, string? botUserId)
    {
        var eventId = callback.Str("event_id");
        if (callback.Obj("event") is not { } e || e.Str("type") != "app_mention" || eventId is null)
        {
            return null;
        }
        if (e.Str("bot_id") is not null || e.Str("subtype") is not null)
        {
            return null;
        }
        var user = e.Str("user");
        var channel = e.Str("channel");
        var ts = e.Str("ts");
        var thread = e.Str("thread_ts");
        if (!SlackIds.IsId(user) || user == botUserId || !SlackIds.IsId(channel) || !SlackIds.IsTs(ts) || (thread is not null && !SlackIds.IsTs(thread)))
        {
            return null;
        }
        return new SlackAppMention(eventId, user!, channel!, CommandText(e.Str("text") ?? "", botUserId), ts!, thread);
    }

    /// <summary>
    /// The command in a mention: the text after the bot's mention (<c>&lt;@U111&gt;</c> or <c>&lt;@U111|meshbot&gt;</c>), or
    /// before it when nothing follows (<c>diagnose payments/api @MeshBot</c>), without further mentions of the bot and
    /// with Slack's escaping of &amp;, &lt; and &gt; undone. When the bot's id is unknown, the first mention counts as the bot's.
    /// </summary>
    public static string CommandText(string text, string? botUserId)
    {
        var bot = Mention().Matches(text).FirstOrDefault(m => botUserId is null || m.Groups["id"].Value == botUserId);
        if (bot is null)
        {
            return SlackText.Unescape(text).Trim();
        }
        var after = text[(bot.Index + bot.Length)..];
        var command = after.Trim().Length > 0 ? after : text[..bot.Index];
        if (botUserId is not null)
        {
            command = Mention().Replace(command, m => m.Groups["id"].Value == botUserId ? " " : m.Value);
        }
        return SlackText.Unescape(command).Trim();
    }

    [GeneratedRegex(@"<@(?<id>[A-Z0-9]+)(\|[^>]*)?>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Mention();
}
