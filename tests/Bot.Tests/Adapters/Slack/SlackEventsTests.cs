using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Adapters.Slack;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>The Events API: the url_verification handshake, app_mention as a command answered in its thread, retries and bots ignored.</summary>
public sealed class SlackEventsTests
{
    [Fact]
    public async Task UrlVerification_AnswersTheChallenge()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);

        using var response = await host.PostSignedAsync("/slack/events",
            """{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", body.GetProperty("challenge").GetString());
        Assert.Empty(slack.Calls);
    }

    [Fact]
    public async Task AppMention_IsACommand_AnsweredInItsThread_RetriesAndBotsIgnored()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);
        var parent = slack.UserMessage("C111", "1610241700.000100");
        slack.UserMessage("C111", "1610241743.000400");

        // "@MeshBot status" typed in a thread: the answer goes to that thread.
        using var first = await host.PostSignedAsync("/slack/events", Mention("Ev1", "<@UBOT> status", "1610241741.000200", thread: parent), "application/json");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var answer = (await slack.WaitForAsync(c => c.Any(IsReply), "the answer to the mention")).Single(IsReply);
        Assert.Equal("C111", answer.Str("channel"));
        Assert.Equal(parent, answer.Str("thread_ts"));
        Assert.Equal("No open incidents.", answer.Str("text"));

        // Slack's retry of the same event, a bot's mention, and a new mention without a thread.
        using var retry = await host.PostSignedAsync("/slack/events", Mention("Ev1", "<@UBOT> status", "1610241741.000200", thread: parent), "application/json",
            headers: new Dictionary<string, string> { ["X-Slack-Retry-Num"] = "1", ["X-Slack-Retry-Reason"] = "http_timeout" });
        using var bot = await host.PostSignedAsync("/slack/events", Mention("Ev2", "<@UBOT> status", "1610241742.000300", botId: "B999"), "application/json");
        using var help = await host.PostSignedAsync("/slack/events", Mention("Ev3", "hey <@UBOT|meshbot>   help", "1610241743.000400"), "application/json");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { retry.StatusCode, bot.StatusCode, help.StatusCode });

        var calls = await slack.WaitForAsync(c => c.Any(x => x.Str("thread_ts") == "1610241743.000400"), "the answer to the second mention");
        var helpAnswer = calls.Single(x => x.Str("thread_ts") == "1610241743.000400");
        Assert.StartsWith("Usage: diagnose", helpAnswer.Str("text"));
        await Task.Delay(100);
        Assert.Single(slack.Calls, IsReply);
        Assert.DoesNotContain(slack.Calls, c => c.Str("thread_ts") == "1610241742.000300");
        Assert.Single(slack.CallsOf("auth.test")); // the bot's id is asked once
    }

    [Fact]
    public async Task AppMention_Diagnose_OpensTheThreadInThatChannel()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);
        slack.UserMessage("CMENTION", "1610241741.000200");

        using var response = await host.PostSignedAsync("/slack/events", Mention("Ev9", "<@UBOT> diagnose payments/api from monitoring/prometheus port 80", "1610241741.000200", channel: "CMENTION"), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var calls = await slack.WaitForAsync(c => c.Any(x => x.Method == "chat.postMessage" && x.Str("channel") == "CMENTION" && x.Str("thread_ts") is null), "the triage thread's head");
        Assert.Contains(calls, c => c.Str("thread_ts") == "1610241741.000200" && c.Str("text")!.StartsWith("Working on it", StringComparison.Ordinal));
        var incident = Assert.Single(await host.Store.ListAsync());
        Assert.Equal("UALICE", incident.Requester);
    }

    [Theory]
    [InlineData("<@UBOT> status", "UBOT", "status")]
    [InlineData("<@UBOT|meshbot> diagnose payments/api", "UBOT", "diagnose payments/api")]
    [InlineData("hey <@UBOT> approve inc-1 &amp; &lt;x&gt;", "UBOT", "approve inc-1 & <x>")]
    [InlineData("<@UOTHER> <@UBOT> status", "UBOT", "status")]
    [InlineData("diagnose payments/api <@UBOT>", "UBOT", "diagnose payments/api")]
    [InlineData("<@UBOT> status <@UBOT>", "UBOT", "status")]
    [InlineData("<@U111> status", null, "status")]
    [InlineData("no mention at all", "UBOT", "no mention at all")]
    public void MentionText_LosesTheBotsMentionAndSlacksEscaping(string text, string? bot, string expected) =>
        Assert.Equal(expected, SlackAppMention.CommandText(text, bot));

    private static bool IsReply(SlackCall call) => call.Method == "chat.postMessage" && call.Str("text") == "No open incidents.";

    private static string Mention(string eventId, string text, string ts, string? thread = null, string channel = "C111", string? botId = null)
    {
        var e = new JsonObject
        {
            ["client_msg_id"] = Guid.NewGuid().ToString(),
            ["type"] = "app_mention",
            ["text"] = text,
            ["user"] = "UALICE",
            ["ts"] = ts,
            ["team"] = "T111",
            ["channel"] = channel,
            ["event_ts"] = ts,
        };
        if (thread is not null)
        {
            e["thread_ts"] = thread;
        }
        if (botId is not null)
        {
            e["bot_id"] = botId;
        }
        return new JsonObject
        {
            ["token"] = "verification-token",
            ["team_id"] = "T111",
            ["api_app_id"] = "A111",
            ["event"] = e,
            ["type"] = "event_callback",
            ["event_id"] = eventId,
            ["event_time"] = 1610241741,
            ["authorizations"] = new JsonArray(new JsonObject { ["enterprise_id"] = null, ["team_id"] = "T111", ["user_id"] = "UBOT", ["is_bot"] = true, ["is_enterprise_install"] = false }),
            ["is_ext_shared_channel"] = false,
            ["event_context"] = "1-app_mention-T111-C111",
        }.ToJsonString();
    }
}
