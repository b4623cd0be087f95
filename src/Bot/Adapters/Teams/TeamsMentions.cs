using System.Net;
using System.Text.RegularExpressions;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// The command in a message: Teams puts <c>&lt;at&gt;MeshBot&lt;/at&gt;</c> into the text of channel and group
/// messages. As the Bot Framework SDK's <c>RemoveMentionText</c> does, the bot's own mention entities are removed by
/// their <c>text</c> (or <c>&lt;at&gt;name&lt;/at&gt;</c> when that is absent); any other <c>&lt;at&gt;</c> tag goes
/// too, then HTML entities are decoded and whitespace trimmed.
/// </summary>
internal static partial class TeamsMentions
{
    public static string CommandText(TeamsActivity activity)
    {
        var text = activity.Text ?? "";
        foreach (var entity in activity.Entities ?? [])
        {
            if (!string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase) || entity.Mentioned?.Id != activity.Recipient?.Id)
            {
                continue;
            }
            var mention = entity.Text is { Length: > 0 } t ? t : entity.Mentioned?.Name is { Length: > 0 } name ? $"<at>{name}</at>" : null;
            if (mention is not null)
            {
                text = text.Replace(mention, " ", StringComparison.OrdinalIgnoreCase);
            }
        }
        text = WebUtility.HtmlDecode(AnyMention().Replace(text, " "));
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AnyMention();

    [GeneratedRegex(@"[\s\u00a0]+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Whitespace();
}
