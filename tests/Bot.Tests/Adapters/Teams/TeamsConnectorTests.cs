using System.Net;
using MeshBot.Bot.Adapters.Teams;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Incidents;
using Microsoft.Extensions.DependencyInjection;
using ThreadState = MeshBot.Bot.Chat.ThreadState;

namespace MeshBot.Bot.Tests.Adapters.Teams;

/// <summary>The outbound side against the fake Connector: one cached token for many calls, 429 Retry-After honoured, errors surfaced.</summary>
public sealed class TeamsConnectorTests : IAsyncLifetime
{
    private FakeBotFramework _framework = null!;
    private TeamsBot _bot = null!;
    private readonly ShiftedClock _clock = new();

    public async Task InitializeAsync()
    {
        _framework = await FakeBotFramework.StartAsync();
        _bot = await TeamsBot.StartAsync(_framework, time: _clock);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _framework.DisposeAsync();
    }

    private IChatPlatform Teams => _bot.Services.GetServices<IChatPlatform>().Single(p => p.Name == "teams");

    [Fact]
    public async Task Token_ManyPosts_OneTokenRequestUntilItNearsExpiry()
    {
        var head = await Teams.StartThreadAsync(TeamsBot.Channel, ThreadRenderer.Text("head"), CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            await Teams.ReplyAsync(head, ThreadRenderer.Text($"reply {i}"), CancellationToken.None);
        }
        await Teams.UpdateAsync(head, ThreadRenderer.Text("head, updated"), CancellationToken.None);
        var requestsBeforeExpiry = _framework.TokenRequests;
        _clock.Offset = TimeSpan.FromMinutes(56); // within five minutes of the hour's expiry

        await Teams.ReplyAsync(head, ThreadRenderer.Text("later"), CancellationToken.None);

        Assert.Equal(1, requestsBeforeExpiry);
        Assert.Equal(2, _framework.TokenRequests);
        Assert.Equal(8, _framework.Calls.Count);
        Assert.Equal("client_credentials", _framework.LastTokenForm!["grant_type"]);
        Assert.Equal(FakeBotFramework.AppId, _framework.LastTokenForm["client_id"]);
        Assert.Equal(TeamsTokenClient.Scope, _framework.LastTokenForm["scope"]);
    }

    [Fact]
    public async Task Send_RateLimited_WaitsRetryAfterThenSucceeds()
    {
        var head = await Teams.StartThreadAsync(TeamsBot.Channel, ThreadRenderer.Text("head"), CancellationToken.None);
        _framework.Fail(2, HttpStatusCode.TooManyRequests, retryAfter: "1");
        var started = DateTime.UtcNow;

        var reply = await Teams.ReplyAsync(head, ThreadRenderer.Text("after the limit"), CancellationToken.None);

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1.9));
        Assert.Equal(2, _framework.Calls.Count);
        Assert.Equal(_framework.Calls[^1].Id, reply.MessageId);
        Assert.Contains("meshbot_chat_rate_limit_wait_seconds_total{platform=\"teams\"} 2", _bot.Rendered);
        Assert.Contains("meshbot_chat_api_calls_total{platform=\"teams\",method=\"reply\",outcome=\"rate-limited\"} 2", _bot.Rendered);
    }

    [Fact]
    public async Task Send_RateLimitedBeyondTheRetries_FailsWith429()
    {
        var head = await Teams.StartThreadAsync(TeamsBot.Channel, ThreadRenderer.Text("head"), CancellationToken.None);
        _framework.Fail(TeamsConnector.MaxRateLimitRetries + 1, HttpStatusCode.TooManyRequests, retryAfter: "0",
            body: """{"error":{"code":"TooManyRequests","message":"Too many requests"}}""");

        var error = await Assert.ThrowsAsync<TeamsApiException>(() => Teams.ReplyAsync(head, ThreadRenderer.Text("x"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.Status);
    }

    [Fact]
    public async Task Send_ConnectorError_SurfacesStatusCodeAndMessage()
    {
        var head = await Teams.StartThreadAsync(TeamsBot.Channel, ThreadRenderer.Text("head"), CancellationToken.None);
        _framework.Fail(1, HttpStatusCode.Forbidden, body: """{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}""");

        var error = await Assert.ThrowsAsync<TeamsApiException>(() => Teams.ReplyAsync(head, ThreadRenderer.Text("x"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Equal("BotNotInConversationRoster", error.Code);
        Assert.Contains("403 BotNotInConversationRoster: The bot is not part of the conversation roster.", error.Message);
        Assert.DoesNotContain("bot-token-", error.Message);
    }

    [Fact]
    public async Task Send_TokenRefused_GetsANewTokenOnce()
    {
        var head = await Teams.StartThreadAsync(TeamsBot.Channel, ThreadRenderer.Text("head"), CancellationToken.None);
        _framework.Fail(1, HttpStatusCode.Unauthorized, body: """{"error":{"code":"Unauthorized","message":"Authorization has been denied for this request."}}""");

        await Teams.ReplyAsync(head, ThreadRenderer.Text("x"), CancellationToken.None);

        Assert.Equal(2, _framework.TokenRequests);
        Assert.Equal(2, _framework.Calls.Count);
    }

    [Fact]
    public async Task StartThread_PersonalChat_PostsIntoTheConversation()
    {
        var chat = "a:1qhNbFZL5sDhyJy0ngjLuxaxa9PhqMu2BkB5ANF5b";
        await _bot.PostAsync(PersonalMessage(chat, "status"));

        var head = await Teams.StartThreadAsync(chat, ThreadRenderer.Text("head"), CancellationToken.None);
        var reply = await Teams.ReplyAsync(head, ThreadRenderer.Text("reply"), CancellationToken.None);

        var send = Assert.Single(_framework.Calls, c => c.Operation == "send");
        Assert.Equal(chat, send.Conversation);
        Assert.Equal(new Uri(_framework.ServiceUrl), new Uri(head.ServiceUrl!));
        Assert.Equal((chat, head.MessageId), (reply.Conversation, reply.ThreadId));
        Assert.DoesNotContain(_framework.Calls, c => c.Operation == "create");
    }

    [Fact]
    public async Task StartThread_AfterARestart_UsesTheServiceUrlStoredWithTheThread()
    {
        await using var framework = await FakeBotFramework.StartAsync();
        await using var bot = await TeamsBot.StartAsync(framework, settings: ("MeshBot:Teams:ServiceUrl", "https://127.0.0.1:1/")); // a default that would fail
        var conversation = "19:0f5ac5b0c1d34c1c9e4c8f1f7b0e9a11@thread.tacv2;messageid=1700000000009";
        var now = DateTimeOffset.UtcNow;
        await bot.Store.CreateAsync(new Incident
        {
            Id = "inc-0000beef", CorrelationId = "c", Origin = "command", Requester = TeamsBot.Carol, Request = new(new("payments", "api")),
            Thread = ThreadState.Write([new ThreadState("teams", conversation, framework.ServiceUrl)]), CreatedAt = now, UpdatedAt = now,
        });
        var teams = bot.Services.GetServices<IChatPlatform>().Single();

        var head = await teams.StartThreadAsync(conversation, ThreadRenderer.Text("head"), CancellationToken.None);

        var create = Assert.Single(framework.Calls);
        Assert.Equal("create", create.Operation);
        Assert.Equal("19:0f5ac5b0c1d34c1c9e4c8f1f7b0e9a11@thread.tacv2", create.Body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal(new Uri(framework.ServiceUrl), new Uri(head.ServiceUrl!));
    }

    [Fact]
    public async Task ServiceUrl_NotHttps_Refused()
    {
        var message = new ChatMessageRef("teams", TeamsBot.Channel, "1", "1", "http://127.0.0.1:9/");

        await Assert.ThrowsAsync<TeamsApiException>(() => Teams.UpdateAsync(message, ThreadRenderer.Text("x"), CancellationToken.None));

        Assert.Equal(0, _framework.TokenRequests);
    }

    [Fact]
    public async Task Token_WrongPassword_FailsWithTheLoginServiceErrorAndNoSecret()
    {
        await using var framework = await FakeBotFramework.StartAsync();
        await using var bot = await TeamsBot.StartAsync(framework, settings: ("MeshBot:Teams:AppPassword", "wrong-password-value"));
        var teams = bot.Services.GetServices<IChatPlatform>().Single();

        var error = await Assert.ThrowsAsync<TeamsApiException>(() => teams.StartThreadAsync(TeamsBot.Channel, ThreadRenderer.Text("x"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.Contains("invalid_client", error.Message);
        Assert.DoesNotContain("wrong-password-value", error.Message);
        Assert.Empty(framework.Calls);
    }

    private System.Text.Json.Nodes.JsonObject PersonalMessage(string chat, string text)
    {
        var message = Activities.Message(_framework, text, conversation: chat);
        message["conversation"] = new System.Text.Json.Nodes.JsonObject { ["conversationType"] = "personal", ["id"] = chat };
        message.Remove("channelData");
        return message;
    }
}
