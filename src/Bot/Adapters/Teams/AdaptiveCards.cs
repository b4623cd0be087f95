using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MeshBot.Bot.Chat;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// A thread message as an Adaptive Card (version 1.4, the first with Universal Actions): headings, paragraphs and code
/// as TextBlocks (code in the monospace font), fields as a FactSet, buttons as an ActionSet of <c>Action.Execute</c>
/// (verb <c>meshbot</c>, data <c>{"action": ACTION_ID}</c>) each with an <c>Action.Submit</c> fallback carrying the
/// same data for clients without Universal Actions (msteams-docs, Universal Actions backward compatibility).
/// </summary>
internal static partial class AdaptiveCards
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string Version = "1.4";
    public const string Verb = "meshbot";

    public static JsonObject Render(ThreadMessage message)
    {
        var body = new JsonArray();
        foreach (var block in message.Blocks)
        {
            body.Add(block switch
            {
                Heading h => TextBlock(h.Text, ("size", "Medium"), ("weight", "Bolder")),
                Paragraph p => TextBlock(Markdown(p.Text)),
                CodeBlock c => TextBlock(LineBreaks(KeepSpaces(c.Code)), ("fontType", "Monospace")),
                Note n => TextBlock(Markdown(n.Text), ("size", "Small"), ("isSubtle", true)),
                Fields f => new JsonObject
                {
                    ["type"] = "FactSet",
                    ["facts"] = new JsonArray([.. f.Items.Select(i => (JsonNode)new JsonObject { ["title"] = i.Label, ["value"] = i.Value })]),
                },
                Buttons b => new JsonObject { ["type"] = "ActionSet", ["actions"] = new JsonArray([.. b.Items.Select(Execute)]) },
                _ => TextBlock(block.ToString() ?? ""),
            });
        }
        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = body,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
        };
    }

    /// <summary>The data a card action carries, for Action.Execute and its Action.Submit fallback alike.</summary>
    public static JsonObject Data(string actionId) => new() { ["action"] = actionId };

    private static JsonNode Execute(ChatButton button)
    {
        var execute = Action("Action.Execute", button);
        execute["verb"] = Verb;
        execute["fallback"] = Action("Action.Submit", button);
        return execute;
    }

    private static JsonObject Action(string type, ChatButton button)
    {
        var action = new JsonObject { ["type"] = type, ["title"] = button.Label, ["data"] = Data(button.ActionId) };
        if (button.Style != ButtonStyle.Default)
        {
            action["style"] = button.Style == ButtonStyle.Primary ? "positive" : "destructive";
        }
        return action;
    }

    private static JsonObject TextBlock(string text, params (string Name, JsonNode Value)[] properties)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        foreach (var (name, value) in properties)
        {
            block[name] = value;
        }
        return block;
    }

    /// <summary>The neutral light markup (<c>*bold*</c>) in the card's Markdown subset (<c>**bold**</c>), one paragraph per line.</summary>
    private static string Markdown(string text) => LineBreaks(Bold().Replace(text, "**$1**"));

    // A single newline is a soft break in the cards' CommonMark subset; a blank line keeps each line on its own.
    private static string LineBreaks(string text) => text.ReplaceLineEndings("\n").Replace("\n", "\n\n", StringComparison.Ordinal);

    /// <summary>
    /// Indentation and runs of spaces as no-break spaces (one plain space kept per run, where a long line may wrap): the
    /// cards' Markdown, like HTML, collapses them, which flattened YAML manifests (seen rendering the cards, docs/cards).
    /// </summary>
    private static string KeepSpaces(string code)
    {
        var text = code.ReplaceLineEndings("\n");
        return Spaces().Replace(text, m => m.Index == 0 || text[m.Index - 1] == '\n'
            ? new string('\u00A0', m.Length)
            : new string('\u00A0', m.Length - 1) + " ");
    }

    [GeneratedRegex(" {2,}|(?<=^|\n) ", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(?<![\*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\*\w])", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Bold();
}
