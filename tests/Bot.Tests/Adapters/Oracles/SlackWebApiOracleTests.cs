using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Demo;
using MeshBot.Bot.Tests.Adapters.Slack;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>
/// The fake Slack held against Slack's own Web API client (<c>@slack/web-api</c> 8.2.0, <c>WebClient</c> with its
/// <c>slackApiUrl</c> at the fake): each method MeshBot uses, the errors MeshBot handles (<c>ratelimited</c> with
/// Retry-After, <c>invalid_blocks</c>, <c>channel_not_found</c>, <c>invalid_auth</c>) and every message of every demo
/// scenario, sent again by WebClient, are answered as the client expects Slack to answer. And every Block Kit message
/// MeshBot sends stays within Slack's documented limits, for the demo scenarios and for a 10,000-pod cluster.
/// MeshBot calls no paginated method, so there is no paging to check.
/// </summary>
public sealed class SlackWebApiOracleTests
{
    [Fact]
    public async Task WebClient_DemoMessagesAndTheFakesAnswers_TakenAsSlacksOwn()
    {
        await using var slack = await FakeSlack.StartAsync();
        var messages = await SlackDemoMessages.CollectAsync(slack, DemoScenario.All);
        AssertWithinLimits(messages);

        var calls = new List<(JsonObject Call, Func<JsonElement, string?> Check)>
        {
            (Call("auth.test", "bot"), r => Ok(r) ?? (Response(r, "user_id") == FakeSlack.BotUserId ? null : "no user_id")),
            (Call("apps.connections.open", "app"), r => Ok(r) ?? (Response(r, "url")?.StartsWith("ws://", StringComparison.Ordinal) == true ? null : "no url")),
            (Call("chat.postMessage", "bot", Text("rate limited, rejected"), rejectRateLimited: true), r => Error(r, "slack_webapi_rate_limited_error", retryAfter: 1)),
            (Call("chat.postMessage", "bot", Text("rate limited, retried"), retries: 1), r => Ok(r) ?? (Strings(r, "warnings").Any(w => w.Contains("retry-after: 1", StringComparison.Ordinal)) ? null : "no retry after the 429")),
            (Call("chat.postMessage", "bot", new JsonObject { ["channel"] = SlackTestHost.Channel, ["text"] = "too many blocks", ["blocks"] = new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)Section($"block {i}"))]) }),
                r => Error(r, "slack_webapi_platform_error", "invalid_blocks")),
            (Call("chat.postMessage", "bot", new JsonObject { ["channel"] = "CNOTFOUND1", ["text"] = "nowhere" }), r => Error(r, "slack_webapi_platform_error", "channel_not_found")),
            (Call("chat.postMessage", "wrong", Text("wrong token")), r => Error(r, "slack_webapi_platform_error", "invalid_auth")),
        };
        foreach (var message in messages.Where(m => m.Call.Method.StartsWith("chat.", StringComparison.Ordinal)))
        {
            calls.Add((Call(message.Call.Method, "bot", JsonNode.Parse(message.Call.Body.GetRawText())!.AsObject()), r => Ok(r)));
        }
        slack.Script("chat.postMessage", FakeReply.RateLimited(1), FakeReply.RateLimited(1));

        var settings = new JsonObject
        {
            ["slackApiUrl"] = slack.ApiBaseUrl.ToString(),
            ["tokens"] = new JsonObject { ["bot"] = FakeSlack.BotToken, ["app"] = FakeSlack.AppToken, ["wrong"] = "xoxb-0-0-wrong" },
        };
        var results = await NodeOracle.RunAsync("slack-web-api.js",
            [settings.ToJsonString(), .. calls.Select((c, i) => { c.Call["id"] = $"{i}:{c.Call["method"]}"; return c.Call.ToJsonString(); })]);

        Assert.Equal(calls.Count, results.Count);
        var wrong = calls.Zip(results)
            .Select(x => (Id: x.Second.GetProperty("id").GetString(), Problem: x.First.Check(x.Second) ?? (IsRetried(x.First.Call) ? null : Warnings(x.Second)), Result: x.Second.ToString()))
            .Where(x => x.Problem is not null).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {calls.Count} calls not answered as WebClient expects:\ncall | problem | WebClient's result\n{string.Join('\n', wrong.Select(w => $"{w.Id} | {w.Problem} | {w.Result[..Math.Min(300, w.Result.Length)]}"))}");
        Assert.True(calls.Count > 50, $"{calls.Count} calls");
    }

    [Fact]
    public async Task Messages_TenThousandPodCluster_StayWithinBlockKitLimits()
    {
        await using var slack = await FakeSlack.StartAsync();
        var caRotation = DemoScenario.Find("ca-rotation")!; // the widest blast radius: every injected workload restarts

        var messages = await SlackDemoMessages.CollectAsync(slack, [caRotation], time => LargeCluster.Build(caRotation.Cluster, namespaces: 1000, podCopies: 5, time), proposalsOnly: true);

        AssertWithinLimits(messages);
        var longest = messages.OrderByDescending(m => m.Call.Body.GetRawText().Length).First();
        // The restart of every injected workload: 1,000 namespaces in its kubectl and its preview, cut to the section limit.
        Assert.Contains("restart-injected-workloads", longest.Call.Str("text"));
        Assert.True(longest.Call.Body.GetRawText().Length > 10_000, $"the longest message is only {longest.Call.Body.GetRawText().Length} characters");
        Assert.Contains("truncated", longest.Call.AllText);
    }

    /// <summary>Slack's limits (BlockKitLimits) on every message with blocks, and Slack's answer ok to each Web API call.</summary>
    private static void AssertWithinLimits(IReadOnlyList<SentSlackMessage> messages)
    {
        var problems = messages
            .Select(m => (m, Problem: m.Call.Body.ValueKind == JsonValueKind.Object && m.Call.Body.TryGetProperty("blocks", out var blocks) ? BlockKitLimits.Violation(blocks) : null))
            .Select(x => (x.m, Problem: x.Problem ?? (x.m.Call.Response.ValueKind == JsonValueKind.Object && !x.m.Call.Response.GetProperty("ok").GetBoolean() ? "Slack answered " + x.m.Call.Response : null)))
            .Where(x => x.Problem is not null).ToList();
        Assert.True(messages.Count > 0);
        Assert.True(problems.Count == 0, $"{problems.Count} of {messages.Count} messages over Slack's limits:\nscenario | method | problem\n{string.Join('\n', problems.Select(p => $"{p.m.Scenario} | {p.m.Call.Method} | {p.Problem}"))}");
    }

    private static JsonObject Call(string method, string token, JsonObject? args = null, bool rejectRateLimited = false, int retries = 0) =>
        new() { ["method"] = method, ["token"] = token, ["args"] = args ?? new JsonObject(), ["rejectRateLimitedCalls"] = rejectRateLimited, ["retries"] = retries };

    private static JsonObject Text(string text) => new() { ["channel"] = SlackTestHost.Channel, ["text"] = text };

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } };

    private static string? Ok(JsonElement result) =>
        result.GetProperty("ok").GetBoolean() && result.GetProperty("response").GetProperty("ok").GetBoolean() ? null : "not ok";

    private static string? Response(JsonElement result, string name) =>
        result.TryGetProperty("response", out var r) && r.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static string? Error(JsonElement result, string code, string? slackError = null, int? retryAfter = null)
    {
        if (result.GetProperty("ok").GetBoolean())
        {
            return $"expected {code}, got a response";
        }
        var error = result.GetProperty("error");
        var actual = (error.GetProperty("code").GetString(), error.TryGetProperty("slackError", out var s) ? s.GetString() : null, error.TryGetProperty("retryAfter", out var r) ? r.GetInt32() : (int?)null);
        return actual == (code, slackError, retryAfter) ? null : $"expected ({code}, {slackError}, {retryAfter}), got {actual}";
    }

    /// <summary>The call whose 429 WebClient waits out: it logs the retry, which is what it should do.</summary>
    private static bool IsRetried(JsonObject call) => call["retries"]!.GetValue<int>() > 0;

    private static IEnumerable<string> Strings(JsonElement result, string name) => result.GetProperty(name).EnumerateArray().Select(e => e.GetString()!);

    private static string? Warnings(JsonElement result) =>
        result.GetProperty("warnings").GetArrayLength() == 0 ? null : "WebClient warned: " + result.GetProperty("warnings");
}
