using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Chat;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// The activities MeshBot sends: plain text (replies, one-paragraph thread messages) or a message with one Adaptive
/// Card attachment. Teams refuses activities above about 28 KB, so a message that would exceed
/// <see cref="MaxActivityBytes"/> has its longest code and paragraphs cut, and a note says how much was left out.
/// </summary>
internal static class OutgoingActivities
{
    public const int MaxActivityBytes = 27 * 1024;
    private const int Shortest = 200;

    /// <summary>How activities are written on the wire: UTF-8 as is (a JSON body, not HTML), so that 'é' costs 2 bytes, not 6.</summary>
    public static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject For(ThreadMessage message) =>
        message.Blocks.All(b => b is Paragraph) ? Text(string.Join("\n\n", message.Blocks.Cast<Paragraph>().Select(p => p.Text))) : Card(Fit(message));

    public static JsonObject Text(string text)
    {
        var limit = MaxActivityBytes / 4; // room for escaping and four-byte characters
        return new JsonObject
        {
            ["type"] = "message",
            ["text"] = text.Length <= limit ? text : Cut(text, limit) + $"\n\n({text.Length - limit} characters left out to fit Teams' message size limit)",
            ["textFormat"] = "markdown",
        };
    }

    public static JsonObject Card(ThreadMessage message) => new()
    {
        ["type"] = "message",
        ["summary"] = message.Text.Length <= 200 ? message.Text : Cut(message.Text, 200),
        ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = AdaptiveCards.ContentType, ["content"] = AdaptiveCards.Render(message) }),
    };

    /// <summary>The message, or a copy whose longest code blocks and paragraphs are cut until its card activity fits.</summary>
    public static ThreadMessage Fit(ThreadMessage message)
    {
        var blocks = message.Blocks.ToList();
        var candidate = message;
        var left = 0;
        for (var round = 0; round < 32; round++)
        {
            var excess = Bytes(Card(candidate)) - MaxActivityBytes;
            if (excess <= 0)
            {
                return candidate;
            }
            var longest = Enumerable.Range(0, blocks.Count).Where(i => Length(blocks[i]) > Shortest).OrderByDescending(i => Length(blocks[i])).FirstOrDefault(-1);
            if (longest < 0)
            {
                break;
            }
            var length = Length(blocks[longest]);
            var bytesPerChar = (double)Bytes(AdaptiveCards.Render(new ThreadMessage("", [blocks[longest]]))["body"]!) / length; // as rendered: escapes, doubled line breaks
            var cut = (int)Math.Ceiling((excess + (left == 0 ? 300 : 0)) / bytesPerChar); // the first cut makes room for the note
            var keep = Math.Max(Shortest, length - cut);
            blocks[longest] = blocks[longest] switch
            {
                CodeBlock c => new CodeBlock(Cut(c.Code, keep)),
                Paragraph p => new Paragraph(Cut(p.Text, keep)),
                var other => other,
            };
            left += length - keep;
            candidate = message with { Blocks = [.. blocks, new Note($"✂ {left} characters of evidence were left out to fit Teams' message size limit; `meshbot diagnose` shows everything.")] };
        }
        // Nothing long enough to cut: the plain-text version, itself cut to size.
        return new ThreadMessage(message.Text, [new Paragraph(Cut(message.Text, MaxActivityBytes / 4))]);
    }

    public static int Bytes(JsonNode activity) => Encoding.UTF8.GetByteCount(activity.ToJsonString(Wire));

    private static int Length(MessageBlock block) => Content(block).Length;

    private static string Content(MessageBlock block) => block switch
    {
        CodeBlock c => c.Code,
        Paragraph p => p.Text,
        _ => "",
    };

    private static string Cut(string text, int keep)
    {
        if (text.Length <= keep)
        {
            return text;
        }
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }
        return text[..keep] + "…";
    }
}
