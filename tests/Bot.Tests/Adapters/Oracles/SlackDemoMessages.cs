using System.Net;
using MeshBot.Bot.Demo;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Bot.Tests.Adapters.Slack;
using ThreadState = MeshBot.Bot.Chat.ThreadState;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>One message MeshBot sent Slack (a Web API call or a response_url post) in a scenario's thread.</summary>
internal sealed record SentSlackMessage(string Scenario, SlackCall Call);

/// <summary>
/// Every message MeshBot sends Slack for demo scenarios: each scenario's <see cref="DemoWalk"/> through the Slack adapter
/// on Kestrel, its presses signed <c>block_actions</c>, against one <see cref="FakeSlack"/> (which keeps the messages, so
/// they can be sent again by another client).
/// </summary>
internal static class SlackDemoMessages
{
    /// <param name="proposalsOnly">Stop once the proposals are up (a big cluster's restarts take too long to run here).</param>
    public static async Task<IReadOnlyList<SentSlackMessage>> CollectAsync(FakeSlack slack, IEnumerable<DemoScenario> scenarios, Func<TimeProvider, InMemoryCluster>? cluster = null, bool proposalsOnly = false)
    {
        var messages = new List<SentSlackMessage>();
        foreach (var scenario in scenarios)
        {
            var before = slack.Calls.Count;
            await using (var host = await SlackTestHost.StartAsync(slack, scenario: scenario.Cluster, cluster: cluster))
            {
                var presses = 0;
                async Task Press(string actionId, string user)
                {
                    // A response_url of its own: the same press again on the host's frozen clock would be a replay (refused).
                    using var response = await host.PressAsync(actionId, user, slack.ResponseUrl($"press-{++presses}"));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
                var walk = new DemoWalk(host.Services, Press, SlackTestHost.Approvers, "UMALLORY");
                var thread = new ThreadState("slack", SlackTestHost.Channel);
                await (proposalsOnly ? walk.OpenAsync(scenario, thread) : walk.RunAsync(scenario, thread));
            }
            messages.AddRange(slack.Calls.Skip(before).Where(c => c.Method.StartsWith("chat.", StringComparison.Ordinal) || c.Method.StartsWith("response_url:", StringComparison.Ordinal))
                .Select(c => new SentSlackMessage(scenario.Branch, c)));
        }
        return messages;
    }
}
