using System.Globalization;
using System.Text.Json.Nodes;
using MeshBot.Bot.Chat;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>A message ready for <c>chat.postMessage</c> / <c>chat.update</c>: the escaped fallback text and the Block Kit blocks.</summary>
internal sealed record SlackMessage(string Text, JsonArray Blocks);

/// <summary>
/// Renders <see cref="ThreadMessage"/> blocks as Block Kit: Heading → <c>header</c>, Paragraph → <c>section</c> (mrkdwn),
/// CodeBlock → <c>section</c> with a ``` block, Fields → <c>section</c> fields, Note → <c>context</c>, Buttons →
/// <c>actions</c> with buttons whose <c>action_id</c> and <c>value</c> are the button's contract string. Every limit Slack
/// enforces is respected here, so Slack never rejects a message for its size: long texts are cut with a visible
/// "… truncated, N more characters" note, too many fields or buttons spill into further blocks, too many blocks are
/// summarised in a context line (buttons are kept).
/// </summary>
internal static class SlackBlockKit
{
    public const int MaxBlocks = 50;
    public const int MaxSectionText = 3000;
    public const int MaxHeaderText = 150;
    public const int MaxFields = 10;
    public const int MaxFieldText = 2000;
    public const int MaxActionsElements = 25;
    public const int MaxContextText = 3000;
    public const int MaxButtonText = 75;
    public const int MaxButtonValue = 2000;
    public const int MaxMessageText = 40000;

    private const string Fence = "```";

    public static SlackMessage Render(ThreadMessage message)
    {
        var blocks = message.Blocks.SelectMany(Render).ToList();
        if (blocks.Count > MaxBlocks)
        {
            blocks = Shorten(blocks);
        }
        return new SlackMessage(MessageText(message.Text), [.. blocks]);
    }

    /// <summary>A message's top-level <c>text</c> (the notification and fallback), escaped and within 40,000 characters; never empty.</summary>
    public static string MessageText(string text) => text.Trim().Length == 0 ? "MeshBot" : SlackText.Fit(text, MaxMessageText, noteFormat: note => "\n" + note);

    private static IEnumerable<JsonObject> Render(MessageBlock block)
    {
        switch (block)
        {
            case Heading h when h.Text.Trim().Length > 0:
                yield return new JsonObject { ["type"] = "header", ["text"] = PlainText(SlackText.Plain(h.Text.ReplaceLineEndings(" "), MaxHeaderText)) };
                break;
            case Paragraph p when p.Text.Trim().Length > 0:
                yield return Section(SlackText.Fit(p.Text, MaxSectionText));
                break;
            case CodeBlock c when c.Code.Trim().Length > 0:
                // The note goes after the closing fence, so it reads as a remark and not as part of the output.
                yield return Section(SlackText.Fit(c.Code.Replace(Fence, "`\u200B``", StringComparison.Ordinal), MaxSectionText, Fence + "\n", "\n" + Fence, note => "\n_" + note + "_"));
                break;
            case Fields f when f.Items.Count > 0:
                foreach (var chunk in f.Items.Chunk(MaxFields))
                {
                    yield return new JsonObject
                    {
                        ["type"] = "section",
                        ["fields"] = new JsonArray([.. chunk.Select(i => (JsonNode)Mrkdwn(Field(i)))]),
                    };
                }
                break;
            case Note n when n.Text.Trim().Length > 0:
                yield return new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(SlackText.Fit(n.Text, MaxContextText))) };
                break;
            case Buttons b when b.Items.Count > 0:
                foreach (var chunk in b.Items.Where(i => i.ActionId.Length is > 0 and <= SlackBlockActions.MaxActionIdLength).Chunk(MaxActionsElements))
                {
                    yield return new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray([.. chunk.Select(i => (JsonNode)Button(i))]) };
                }
                break;
        }
    }

    private static string Field(Field field)
    {
        var label = field.Label.Trim().Length == 0 ? "" : "*" + SlackText.Fit(field.Label.ReplaceLineEndings(" "), 198, noteFormat: _ => "…") + "*\n";
        var value = field.Value.Trim().Length == 0 ? "—" : field.Value;
        return SlackText.Fit(value, MaxFieldText, label);
    }

    private static JsonObject Button(ChatButton button)
    {
        var element = new JsonObject
        {
            ["type"] = "button",
            ["text"] = PlainText(SlackText.Plain(button.Label.Trim().Length == 0 ? button.ActionId : button.Label, MaxButtonText)),
            ["action_id"] = button.ActionId,
            ["value"] = SlackText.Plain(button.ActionId, MaxButtonValue),
        };
        var style = button.Style switch
        {
            ButtonStyle.Primary => "primary",
            ButtonStyle.Danger => "danger",
            _ => null,
        };
        if (style is not null)
        {
            element["style"] = style;
        }
        return element;
    }

    /// <summary>More than 50 blocks: keep the first ones and every actions block (the buttons must stay pressable), say how many were left out.</summary>
    private static List<JsonObject> Shorten(List<JsonObject> blocks)
    {
        var actions = blocks.Where(IsActions).Take(MaxBlocks - 2).ToHashSet();
        var room = MaxBlocks - 1 - actions.Count;
        var kept = blocks.Where(b => !IsActions(b)).Take(room).ToHashSet();
        var omitted = blocks.Count - actions.Count - kept.Count;
        var result = blocks.Where(b => kept.Contains(b)).ToList();
        result.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(Mrkdwn($"_… {omitted.ToString(CultureInfo.InvariantCulture)} more blocks not shown (Slack shows at most {MaxBlocks})_")),
        });
        result.AddRange(blocks.Where(b => actions.Contains(b)));
        return result;
    }

    private static bool IsActions(JsonObject block) => (string?)block["type"] == "actions";

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = Mrkdwn(mrkdwn) };

    // verbatim: cluster output is shown as it is, without Slack turning names into links.
    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text, ["verbatim"] = true };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };
}
