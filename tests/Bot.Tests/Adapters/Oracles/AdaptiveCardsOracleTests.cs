using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Adapters.Teams;
using MeshBot.Bot.Demo;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>
/// Every card MeshBot produces for the demo scenarios, parsed by the Adaptive Cards library Teams' clients use
/// (<c>adaptivecards</c> 3.0.6) at the version each card declares: no parse or validation event, nothing newer than
/// declared, and each <c>Action.Execute</c>'s verb and data, as the library parsed them, read back by MeshBot's invoke
/// handler as the button's action id. With <c>MESHBOT_CARDS_OUT=FILE</c> it also writes one card per state for the
/// README's images (<c>tests/Oracles/render-cards.js</c>).
/// </summary>
public sealed class AdaptiveCardsOracleTests
{
    [Fact]
    public async Task Parse_EveryDemoCard_ReadAsDeclaredWithItsActionsIntact()
    {
        var cards = await TeamsDemoCards.CollectAsync();
        var parsed = await NodeOracle.RunAsync("adaptive-cards.js", cards.Select(c => new JsonObject { ["id"] = c.Id, ["card"] = c.Card.DeepClone() }.ToJsonString()));

        Assert.Equal(cards.Count, parsed.Count);
        var problems = new List<string>();
        foreach (var (card, result) in cards.Zip(parsed))
        {
            var declared = card.Card["version"]!.GetValue<string>();
            var events = Strings(result, "events").Concat(Strings(result, "validation")).Concat(Strings(result, "newer").Select(n => "newer than " + declared + ": " + n)).ToList();
            if (result.GetProperty("version").GetString() != declared)
            {
                events.Add($"parsed as version {result.GetProperty("version")}");
            }
            var executes = result.GetProperty("executes").EnumerateArray().ToArray();
            var readBack = executes.Select(e => CardActions.FromExecute(Invoke(e), out _)).ToArray();
            var rendered = ExecuteActionIds(card.Card).ToArray();
            if (!rendered.SequenceEqual(readBack) || executes.Any(e => e.GetProperty("verb").GetString() != AdaptiveCards.Verb))
            {
                events.Add($"Action.Execute read back as [{string.Join(", ", readBack)}], rendered [{string.Join(", ", rendered)}]");
            }
            problems.AddRange(events.Select(e => $"{card.Id} | {card.State} | {e}"));
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems in {cards.Count} cards:\ncard | state | problem\n{string.Join('\n', problems)}");
        foreach (var scenario in DemoScenario.All.Select(s => s.Branch))
        {
            var states = cards.Where(c => c.Scenario == scenario).Select(c => c.State).ToArray();
            Assert.Contains(states, s => s.StartsWith("triage", StringComparison.Ordinal));
            Assert.Contains(states, s => s.StartsWith("answer to approve by an approver", StringComparison.Ordinal));
            Assert.Contains(states, s => s.StartsWith("answer to approve by a stranger", StringComparison.Ordinal));
            Assert.Contains(states, s => s.StartsWith("answer to silence", StringComparison.Ordinal));
            Assert.Contains(states, s => s.Contains("Resolved", StringComparison.Ordinal));
        }
        Assert.Contains(cards, c => c.State.Contains("closed: incident Rejected", StringComparison.Ordinal));
        Assert.True(cards.Sum(c => ExecuteActionIds(c.Card).Count()) >= 10, "the proposals' Approve/Reject buttons were checked");
        if (Environment.GetEnvironmentVariable("MESHBOT_CARDS_OUT") is { Length: > 0 } output)
        {
            await File.WriteAllTextAsync(output, Samples(cards).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    /// <summary>The invoke value Teams sends for a pressed Action.Execute, from what the library parsed.</summary>
    private static JsonElement Invoke(JsonElement execute) => JsonSerializer.SerializeToElement(new JsonObject
    {
        ["action"] = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["verb"] = execute.GetProperty("verb").GetString(),
            ["data"] = execute.TryGetProperty("data", out var data) ? JsonNode.Parse(data.GetRawText()) : null,
        },
    });

    private static IEnumerable<string> ExecuteActionIds(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "Action.Execute" => [o["data"]!["action"]!.GetValue<string>()],
        JsonObject o => o.SelectMany(p => ExecuteActionIds(p.Value)),
        JsonArray a => a.SelectMany(ExecuteActionIds),
        _ => [],
    };

    private static IEnumerable<string> Texts(JsonNode card) =>
        card["body"]!.AsArray().Where(b => b?["type"]?.GetValue<string>() == "TextBlock").Select(b => b!["text"]!.GetValue<string>());

    private static IEnumerable<string> Strings(JsonElement result, string name) => result.GetProperty(name).EnumerateArray().Select(e => e.GetString()!);

    /// <summary>One card per state of the default demo's thread (and its rejected twin), titled for the README.</summary>
    private static JsonArray Samples(IReadOnlyList<SentCard> cards)
    {
        var main = DemoScenario.Default.Branch;
        (string Name, string Title, Func<SentCard, bool> Pick)[] wanted =
        [
            ("triage", "The alert's thread: the head as posted, with Silence", c => c.State.StartsWith("triage", StringComparison.Ordinal)),
            ("step", "A runbook branch with its evidence", c => Texts(c.Card).Any(t => t.StartsWith($"`{main}`: **confirmed**", StringComparison.Ordinal))),
            ("proposal", "The proposal awaiting approval: Approve / Reject as Action.Execute", c => ExecuteActionIds(c.Card).Any() && c.State.StartsWith("proposal", StringComparison.Ordinal)),
            ("refused", "A press by someone who is not an approver: the refusal, shown to them", c => c.State.StartsWith("answer to approve by a stranger", StringComparison.Ordinal)),
            ("approved", "The approver's press, answered with the updated card", c => c.State.StartsWith("answer to approve by an approver", StringComparison.Ordinal)),
            ("applied", "The proposal once applied and verified", c => c.State.StartsWith("proposal updated", StringComparison.Ordinal)),
            ("resolved", "The head once the re-diagnosis proved the fix", c => c.State.StartsWith("head updated", StringComparison.Ordinal) && c.State.Contains("Resolved", StringComparison.Ordinal)),
            ("silence", "The answer to Silence 2h (no Alertmanager URL configured here)", c => c.State.StartsWith("answer to silence", StringComparison.Ordinal)),
            ("error", "A press on an incident that does not exist", c => Texts(c.Card).Any(t => t.Contains("inc-00000000", StringComparison.Ordinal))),
        ];
        var samples = new JsonArray();
        foreach (var (name, title, pick) in wanted)
        {
            var card = name == "applied" || name == "resolved" ? cards.Last(c => c.Scenario == main && pick(c)) : cards.First(c => c.Scenario == main && pick(c));
            samples.Add(new JsonObject { ["name"] = name, ["title"] = title, ["card"] = card.Card.DeepClone() });
        }
        var rejected = cards.Last(c => c.Scenario == main + "-rejected" && c.State.Contains("closed: incident Rejected", StringComparison.Ordinal));
        samples.Add(new JsonObject { ["name"] = "rejected", ["title"] = "A proposal after every proposal was rejected", ["card"] = rejected.Card.DeepClone() });
        return samples;
    }

}
