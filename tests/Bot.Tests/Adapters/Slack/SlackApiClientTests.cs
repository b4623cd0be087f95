using MeshBot.Bot.Adapters.Slack;
using MeshBot.Bot.Hosting;
using MeshBot.Bot.Tests.Incidents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>The Web API client against the fake Slack: request shape, ok:false, 429 with Retry-After, pacing, no token in logs.</summary>
public sealed class SlackApiClientTests
{
    private static readonly SlackMessage Hello = new("hello", []);

    [Fact]
    public async Task PostMessage_SendsBearerTokenAndJson_AndReturnsTheTs()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var api = await ClientAsync(slack);

        var head = await api.Client.PostMessageAsync("C1", SlackBlockKit.Render(new Chat.ThreadMessage("head", [new Chat.Paragraph("*head*")])), null, default);
        var reply = await api.Client.PostMessageAsync("C1", Hello, head.Ts, default);
        var updated = await api.Client.UpdateAsync("C1", head.Ts, Hello, default);
        var ephemeral = await api.Client.PostEphemeralAsync("C1", "UALICE", "only you", head.Ts, default);
        var me = await api.Client.AuthTestAsync(default);

        Assert.Equal(("C1", head.Ts), (updated.Channel, updated.Ts));
        Assert.NotEqual(head.Ts, reply.Ts);
        Assert.True(SlackIds.IsTs(ephemeral.Ts));
        Assert.Equal(new SlackIdentity(FakeSlack.BotUserId, "BBOT", "T111"), me);
        var calls = slack.Calls;
        Assert.Equal(["chat.postMessage", "chat.postMessage", "chat.update", "chat.postEphemeral", "auth.test"], calls.Select(c => c.Method));
        Assert.All(calls, c => Assert.Equal("Bearer " + FakeSlack.BotToken, c.Authorization));
        Assert.All(calls.Take(4), c => Assert.Equal("application/json; charset=utf-8", c.ContentType));
        Assert.Equal(head.Ts, calls[1].Str("thread_ts"));
        Assert.Equal(head.Ts, calls[2].Str("ts"));
        Assert.Equal("UALICE", calls[3].Str("user"));
        Assert.Equal(1, api.Metrics(("chat.update", "ok")));
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("not_in_channel")]
    [InlineData("is_archived")]
    [InlineData("invalid_auth")]
    public async Task OkFalse_IsATypedErrorNamingSlacksCode(string error)
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var api = await ClientAsync(slack);
        slack.Script("chat.postMessage", FakeReply.Fail(error));

        var e = await Assert.ThrowsAsync<SlackApiException>(() => api.Client.PostMessageAsync("C1", Hello, null, default));

        Assert.Equal("chat.postMessage", e.Method);
        Assert.Equal(error, e.Error);
        Assert.Equal($"Slack chat.postMessage failed: {error}", e.Message);
        Assert.Equal(1, api.Metrics(("chat.postMessage", error)));
        Assert.Single(slack.Calls);
    }

    [Fact]
    public async Task WrongToken_IsInvalidAuth_AndTheTokenIsNeverLogged()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var api = await ClientAsync(slack, botToken: "xoxb-999-wrong-secretvalue");

        var e = await Assert.ThrowsAsync<SlackApiException>(() => api.Client.PostMessageAsync("CNOTFOUND", Hello, null, default));
        var missing = await Assert.ThrowsAsync<SlackApiException>(() => api.Client.AuthTestAsync(default));

        Assert.Equal("invalid_auth", e.Error);
        Assert.Equal("invalid_auth", missing.Error);
        Assert.DoesNotContain("secretvalue", e.Message, StringComparison.Ordinal);
        await api.Client.RespondAsync(slack.ResponseUrl("secret-hook"), new System.Text.Json.Nodes.JsonObject { ["text"] = "x" }, default);
        Assert.DoesNotContain(api.Logs.Lines, l => l.Contains("secretvalue", StringComparison.Ordinal) || l.Contains("secret-hook", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RateLimited_WaitsRetryAfter_ThenSucceeds()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var api = await ClientAsync(slack);
        slack.Script("chat.update", FakeReply.RateLimited(1));
        var head = await api.Client.PostMessageAsync("C1", Hello, null, default);

        var updated = await api.Client.UpdateAsync("C1", head.Ts, Hello, default);

        var updates = slack.CallsOf("chat.update");
        Assert.Equal(2, updates.Count);
        Assert.True(updates[1].At - updates[0].At >= TimeSpan.FromSeconds(0.95), $"retried after {updates[1].At - updates[0].At}");
        Assert.Equal(head.Ts, updated.Ts);
        Assert.Equal(1, api.Metrics(("chat.update", "ratelimited")));
        Assert.Equal(1, api.Metrics(("chat.update", "ok")));
        Assert.True(api.Host.Counter("meshbot_chat_rate_limit_wait_seconds_total", "platform=\"slack\"") >= 0.95);
    }

    [Fact]
    public async Task RateLimited_Persistently_GivesUpAfterBoundedRetries()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var api = await ClientAsync(slack);
        slack.Script("chat.postMessage", [.. Enumerable.Repeat(FakeReply.RateLimited(0), 10)]);

        var e = await Assert.ThrowsAsync<SlackApiException>(() => api.Client.PostMessageAsync("C1", Hello, null, default));

        Assert.Equal("ratelimited", e.Error);
        Assert.Equal(4, slack.CallsOf("chat.postMessage").Count); // the call and three retries
    }

    [Fact]
    public async Task RateLimited_WithARetryAfterBeyondTheCap_FailsAtOnce()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var api = await ClientAsync(slack);
        slack.Script("chat.postMessage", FakeReply.RateLimited(3600));

        var e = await Assert.ThrowsAsync<SlackApiException>(() => api.Client.PostMessageAsync("C1", Hello, null, default));

        Assert.Equal("ratelimited", e.Error);
        Assert.Single(slack.Calls);
    }

    [Fact]
    public async Task Pacing_SpacesPostsToOneChannel_NotAcrossChannels()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var api = await ClientAsync(slack, new SlackPacing { PostMessageInterval = TimeSpan.FromMilliseconds(250) });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => api.Client.PostMessageAsync("CWARMUP" + i, Hello, null, default))); // connections open

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => api.Client.PostMessageAsync(i < 3 ? "CBURST" : "COTHER", Hello, null, default)));

        var burst = slack.Calls.Where(c => c.Str("channel") == "CBURST").Select(c => c.At).Order().ToArray();
        var other = slack.Calls.Single(c => c.Str("channel") == "COTHER").At;
        Assert.Equal(3, burst.Length);
        Assert.True(burst[1] - burst[0] >= TimeSpan.FromMilliseconds(200), $"{burst[1] - burst[0]}");
        Assert.True(burst[2] - burst[0] >= TimeSpan.FromMilliseconds(450), $"{burst[2] - burst[0]}");
        Assert.True(other < burst[1], $"the other channel waited {other - burst[0]}"); // not held behind CBURST's pacing
        Assert.True(api.Host.Counter("meshbot_chat_rate_limit_wait_seconds_total", "platform=\"slack\"") >= 0.45);
    }

    [Fact]
    public async Task Pacing_AllowsAnUpdateBurst_ThenSpacesUpdates()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var api = await ClientAsync(slack, new SlackPacing { UpdateInterval = TimeSpan.FromMilliseconds(200), UpdateBurst = 3 });
        var head = await api.Client.PostMessageAsync("C1", Hello, null, default);

        for (var i = 0; i < 5; i++)
        {
            await api.Client.UpdateAsync("C1", head.Ts, Hello, default);
        }

        var at = slack.CallsOf("chat.update").Select(c => c.At).ToArray();
        // Three at once, then one per interval: the fifth no earlier than two intervals after the first.
        Assert.True(at[2] - at[0] < TimeSpan.FromMilliseconds(150), $"burst took {at[2] - at[0]}");
        Assert.True(at[3] - at[0] >= TimeSpan.FromMilliseconds(150), $"fourth after {at[3] - at[0]}");
        Assert.True(at[4] - at[0] >= TimeSpan.FromMilliseconds(350), $"fifth after {at[4] - at[0]}");
    }

    [Fact]
    public async Task ConnectionsOpen_UsesTheAppToken_AndReturnsTheWebSocketUrl()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var api = await ClientAsync(slack, appToken: FakeSlack.AppToken);

        var url = await api.Client.OpenConnectionAsync(default);

        Assert.Equal("ws", url.Scheme);
        Assert.Equal("Bearer " + FakeSlack.AppToken, slack.Calls.Single().Authorization);
    }

    [Fact]
    public async Task ResponseUrls_OnlySlacksHooksOrTheConfiguredApiHost_AreFollowed()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var api = await ClientAsync(slack);

        Assert.True(api.Client.IsResponseUrl("https://hooks.slack.com/actions/T1/2/abc", out _));
        Assert.True(api.Client.IsResponseUrl(slack.ResponseUrl("x").ToString(), out _));
        Assert.False(api.Client.IsResponseUrl("http://hooks.slack.com/actions/T1/2/abc", out _));
        Assert.False(api.Client.IsResponseUrl("https://hooks.slack.com.evil.example/actions", out _));
        Assert.False(api.Client.IsResponseUrl("http://169.254.169.254/latest/meta-data", out _));
        Assert.False(api.Client.IsResponseUrl("not a url", out _));
        Assert.False(api.Client.IsResponseUrl(null, out _));
    }

    private static async Task<ApiHarness> ClientAsync(FakeSlack slack, SlackPacing? pacing = null, string botToken = FakeSlack.BotToken, string appToken = "")
    {
        var logs = new CapturedLogs();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(new ManualClock(DateTimeOffset.UtcNow));
        services.AddSingleton<MeshBotMetrics>();
        services.AddSingleton(pacing ?? SlackTestHost.FastPacing);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MeshBot:Slack:SigningSecret"] = SlackTestHost.SigningSecret,
            ["MeshBot:Slack:BotToken"] = botToken,
            ["MeshBot:Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString().TrimEnd('/'),
            ["MeshBot:Slack:AppToken"] = appToken,
        }).Build();
        using var startup = LoggerFactory.Create(l => l.AddProvider(logs));
        Assert.True(services.AddSlack(configuration, startup.CreateLogger("startup")));
        var provider = services.BuildServiceProvider();
        await Task.CompletedTask;
        return new ApiHarness(provider, logs);
    }

    private sealed class ApiHarness(ServiceProvider provider, CapturedLogs logs) : IAsyncDisposable
    {
        public SlackApiClient Client => provider.GetRequiredService<SlackApiClient>();

        public CapturedLogs Logs => logs;

        public MetricsView Host => new(provider.GetRequiredService<MeshBotMetrics>());

        public double Metrics((string Method, string Outcome) call) => Host.Counter("meshbot_chat_api_calls_total", $"platform=\"slack\",method=\"{call.Method}\",outcome=\"{call.Outcome}\"");

        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }

    private sealed class MetricsView(MeshBotMetrics metrics)
    {
        public double Counter(string name, string labels)
        {
            var prefix = $"{name}{{{labels}}} ";
            var line = metrics.Render(new Dictionary<string, int>()).Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
