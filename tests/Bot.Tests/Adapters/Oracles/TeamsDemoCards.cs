using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Demo;
using MeshBot.Bot.Tests.Adapters.Teams;
using ThreadState = MeshBot.Bot.Chat.ThreadState;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>One card MeshBot sent (or answered an invoke with), named by scenario, where it went and what state it shows.</summary>
internal sealed record SentCard(string Id, string Scenario, string State, JsonNode Card);

/// <summary>
/// Every Adaptive Card MeshBot produces in Teams for the demo scenarios: each scenario's <see cref="DemoWalk"/> through
/// the Teams adapter on Kestrel and the fake Bot Framework (the cards it posts and updates through the Connector, and
/// the cards it answers Action.Execute invokes with), and one thread whose proposals are rejected.
/// </summary>
internal static class TeamsDemoCards
{
    public static async Task<IReadOnlyList<SentCard>> CollectAsync()
    {
        var cards = new List<SentCard>();
        foreach (var scenario in DemoScenario.All)
        {
            cards.AddRange(await RunAsync(scenario, reject: false));
        }
        cards.AddRange(await RunAsync(DemoScenario.Default, reject: true));
        return cards;
    }

    private static async Task<IReadOnlyList<SentCard>> RunAsync(DemoScenario scenario, bool reject)
    {
        await using var framework = await FakeBotFramework.StartAsync();
        await using var bot = await TeamsBot.StartAsync(framework, scenario.Cluster);
        var name = reject ? scenario.Branch + "-rejected" : scenario.Branch;
        var answers = new List<SentCard>();
        async Task Press(string actionId, string user)
        {
            using var response = await bot.PostAsync(Activities.Execute(framework, actionId, user));
            var invoke = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            if (invoke["type"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")
            {
                var state = $"answer to {actionId.Split(':')[0]} by {(user == TeamsBot.Mallory ? "a stranger" : "an approver")}: {Note(invoke["value"]!)}";
                answers.Add(new SentCard($"{name}/invoke-{answers.Count + 1}", name, state, invoke["value"]!));
            }
        }
        var walk = new DemoWalk(bot.Services, Press, [TeamsBot.Alice, TeamsBot.Bob], TeamsBot.Mallory);
        var thread = new ThreadState("teams", TeamsBot.Channel, framework.ServiceUrl);
        if (reject)
        {
            await walk.RejectAsync(scenario, thread);
        }
        else
        {
            await walk.RunAsync(scenario, thread);
        }

        var calls = framework.Calls;
        var head = calls.First(c => c.Operation == "create").Id;
        var proposals = calls.Where(c => c.Operation == "reply" && IsProposal(c.Card)).Select(c => c.Id).ToHashSet();
        var sent = calls.Where(c => c.Card is not null).Select((c, i) => new SentCard($"{name}/{c.Operation}-{i + 1}", name, c switch
        {
            { Operation: "create" } => "triage: the head as posted",
            { Operation: "update" } when c.ActivityId == head => $"head updated: {Text(c.Card!, 1)}",
            { Operation: "update" } when proposals.Contains(c.ActivityId!) => $"proposal updated: {Note(c.Card!)}",
            _ when proposals.Contains(c.Id) => "proposal: awaiting approval",
            _ => "step or reply",
        }, c.Card!));
        return [.. sent, .. answers];
    }

    private static bool IsProposal(JsonNode? card) =>
        card?["body"]?.AsArray().Any(b => b?["type"]?.GetValue<string>() == "FactSet" && b["facts"]!.ToJsonString().Contains("\"Proposal\"", StringComparison.Ordinal)) == true;

    private static string Text(JsonNode card, int index) =>
        card["body"]!.AsArray().Where(b => b?["type"]?.GetValue<string>() == "TextBlock").Select(b => b!["text"]!.GetValue<string>()).ElementAtOrDefault(index) ?? "";

    /// <summary>A card's last text: the proposal's status note, the head's small print, or the answer.</summary>
    private static string Note(JsonNode card)
    {
        var texts = card["body"]!.AsArray().Where(b => b?["type"]?.GetValue<string>() == "TextBlock").Select(b => b!["text"]!.GetValue<string>()).ToArray();
        var note = texts.Length > 1 && texts[0].StartsWith("**Not applied:**", StringComparison.Ordinal) ? texts[0] : texts.LastOrDefault() ?? "";
        return note.Length > 80 ? note[..80] + "…" : note;
    }
}
