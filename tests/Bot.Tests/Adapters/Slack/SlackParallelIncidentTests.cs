using System.Net;
using MeshBot.Bot.Incidents;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>One incident's slow work (here: Slack holding its channel's posts) never holds up another channel's thread.</summary>
public sealed class SlackParallelIncidentTests
{
    [Fact]
    public async Task SlashCommand_WhileAnotherChannelsIncidentIsStuck_GetsItsThreadAndProposal()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);
        var stuck = slack.Hold(c => c.Method == "chat.postMessage" && c.Str("channel") == "CSTUCK001");
        using var first = await host.CommandAsync("diagnose payments/api from monitoring/prometheus port 80", channel: "CSTUCK001");
        await WaitUntilAsync(() => stuck.Held > 0);

        using var second = await host.CommandAsync("diagnose payments/api from monitoring/prometheus port 80", channel: "CFREE0001");
        var calls = await slack.WaitForAsync(c => c.Any(x => x.Str("channel") == "CFREE0001" && x.ActionIds.Any(a => a.StartsWith("approve:", StringComparison.Ordinal))), "the free channel's proposal with its buttons", seconds: 30);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.DoesNotContain(calls, c => c.Str("channel") == "CSTUCK001"); // still held: its incident is stuck
        var incidents = await host.Store.ListAsync();
        Assert.Equal(2, incidents.Count);
        Assert.Contains(incidents, i => i.State == IncidentState.AwaitingApproval);
        stuck.Release();
        foreach (var incident in incidents)
        {
            await host.WaitForStateAsync(incident.Id, IncidentState.AwaitingApproval);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition(), "condition not reached");
    }
}
