using System.Globalization;
using System.Text;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// Text for Slack: the three characters Slack treats as control characters (&amp;, &lt;, &gt;) escaped as HTML
/// entities, and texts cut to a limit with a visible note saying how much was left out, never cut inside an entity
/// or a surrogate pair.
/// </summary>
internal static class SlackText
{
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public static string Unescape(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    public static string TruncationNote(int more) => $"… truncated, {more.ToString(CultureInfo.InvariantCulture)} more characters";

    /// <summary>
    /// <paramref name="prefix"/> + escaped <paramref name="raw"/> + <paramref name="suffix"/> within <paramref name="max"/>
    /// characters; when it does not fit, as much of the text as fits, then <paramref name="noteFormat"/> with the note.
    /// </summary>
    public static string Fit(string raw, int max, string prefix = "", string suffix = "", Func<string, string>? noteFormat = null)
    {
        var escaped = Escape(raw);
        if (prefix.Length + escaped.Length + suffix.Length <= max)
        {
            return prefix + escaped + suffix;
        }
        noteFormat ??= note => "\n_" + note + "_";
        var longestNote = noteFormat(TruncationNote(raw.Length)).Length;
        var budget = max - prefix.Length - suffix.Length - longestNote;
        var cut = 0;
        var used = 0;
        while (cut < raw.Length)
        {
            var width = char.IsHighSurrogate(raw[cut]) && cut + 1 < raw.Length ? 2 : 1;
            var cost = raw[cut] switch { '&' => 5, '<' or '>' => 4, _ => width };
            if (used + cost > budget)
            {
                break;
            }
            used += cost;
            cut += width;
        }
        return new StringBuilder(prefix).Append(Escape(raw[..cut])).Append(suffix).Append(noteFormat(TruncationNote(raw.Length - cut))).ToString();
    }

    /// <summary>Plain text (headers, button labels: not mrkdwn, not escaped) cut to <paramref name="max"/> with an ellipsis.</summary>
    public static string Plain(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }
        return text[..cut] + "…";
    }
}
