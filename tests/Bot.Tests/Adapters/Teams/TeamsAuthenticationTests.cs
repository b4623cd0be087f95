using System.Net;

namespace MeshBot.Bot.Tests.Adapters.Teams;

/// <summary>
/// Valid Connector tokens are accepted (within the 5-minute clock skew), the signing keys are cached for a day and
/// refetched on key rollover (at most once a minute), and a key must endorse the activity's channel (else 403).
/// </summary>
public sealed class TeamsAuthenticationTests : IAsyncLifetime
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

    [Fact]
    public async Task Messages_ValidToken_AcceptedAndIgnoresConversationUpdate()
    {
        var response = await _bot.PostAsync(Activities.ConversationUpdate(_framework));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_framework.Calls);
        Assert.DoesNotContain("meshbot_webhook_rejections_total", _bot.Rendered);
    }

    [Fact]
    public async Task Messages_ValidTokenWithinClockSkew_Accepted()
    {
        var token = _framework.ChannelToken(expires: DateTimeOffset.UtcNow.AddMinutes(-4), notBefore: DateTimeOffset.UtcNow.AddMinutes(4));

        var response = await _bot.PostAsync(Activities.ConversationUpdate(_framework), "Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Messages_RotatedKey_RefetchedOnceAndAccepted()
    {
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(Activities.ConversationUpdate(_framework))).StatusCode);
        var fetches = _framework.KeySetFetches;
        _framework.PublishKey("key-2");
        _clock.Offset = TimeSpan.FromSeconds(61); // past the minimum interval between refetches

        var response = await _bot.PostAsync(Activities.ConversationUpdate(_framework).ToJsonString(), Bearer(_framework.ChannelToken(kid: "key-2")));
        var again = await _bot.PostAsync(Activities.ConversationUpdate(_framework).ToJsonString(), Bearer(_framework.ChannelToken(kid: "key-2")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(fetches + 1, _framework.KeySetFetches);
    }

    [Fact]
    public async Task Messages_UnknownKidRepeated_RefetchesAtMostOncePerMinute()
    {
        var first = await _bot.PostAsync(Activities.ConversationUpdate(_framework).ToJsonString(), Bearer(_framework.ChannelToken(kid: "made-up-1")));
        var fetches = _framework.KeySetFetches;
        var second = await _bot.PostAsync(Activities.ConversationUpdate(_framework).ToJsonString(), Bearer(_framework.ChannelToken(kid: "made-up-2")));

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(fetches, _framework.KeySetFetches);
    }

    [Fact]
    public async Task Messages_KeysOlderThanADay_Refetched()
    {
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(Activities.ConversationUpdate(_framework))).StatusCode);
        var fetches = _framework.KeySetFetches;
        _clock.Offset = TimeSpan.FromHours(23);
        var now = _clock.GetUtcNow();
        var sameDay = await _bot.PostAsync(Activities.ConversationUpdate(_framework).ToJsonString(), Bearer(_framework.ChannelToken(notBefore: now, expires: now.AddHours(1))));
        var fetchesSameDay = _framework.KeySetFetches;
        _clock.Offset = TimeSpan.FromHours(24.5);
        now = _clock.GetUtcNow();

        var nextDay = await _bot.PostAsync(Activities.ConversationUpdate(_framework).ToJsonString(), Bearer(_framework.ChannelToken(notBefore: now, expires: now.AddHours(1))));

        Assert.Equal(HttpStatusCode.OK, sameDay.StatusCode);
        Assert.Equal(fetches, fetchesSameDay);
        Assert.Equal(HttpStatusCode.OK, nextDay.StatusCode);
        Assert.Equal(fetches + 1, _framework.KeySetFetches);
    }

    [Fact]
    public async Task Messages_KeyNotEndorsedForTheChannel_403Counted()
    {
        _framework.Endorsements = ["webchat"];

        var response = await _bot.PostAsync(Activities.Message(_framework, "<at>MeshBot</at> diagnose payments/api"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, _bot.Rejections("endorsement"));
        await _bot.AssertNothingHappenedAsync();
    }

    private static string Bearer(string token) => "Bearer " + token;
}
