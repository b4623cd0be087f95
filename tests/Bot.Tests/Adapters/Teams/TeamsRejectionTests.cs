using System.Net;

namespace MeshBot.Bot.Tests.Adapters.Teams;

/// <summary>
/// POST /api/messages authenticates the Connector's JWT as bot-docs prescribes before anything is parsed, stored
/// or executed: every bad token is answered 401, a bad body 400, each counted by reason. One bot serves the class:
/// it only ever sees rejected requests, so nothing may be stored or sent by it at any time.
/// </summary>
public sealed class TeamsRejectionTests(TeamsRejectionTests.Fixture fixture) : IClassFixture<TeamsRejectionTests.Fixture>
{
    private readonly FakeBotFramework _framework = fixture.Framework;
    private readonly TeamsBot _bot = fixture.Bot;

    public static TheoryData<string, string> BadTokens => new()
    {
        { "wrong-audience", "wrong-audience" },
        { "no-audience", "wrong-audience" },
        { "wrong-issuer", "wrong-issuer" },
        { "expired", "expired" },
        { "not-yet-valid", "not-yet-valid" },
        { "bad-signature", "bad-signature" },
        { "unknown-kid", "unknown-key" },
        { "serviceurl-mismatch", "serviceurl-mismatch" },
        { "no-serviceurl", "serviceurl-mismatch" },
        { "alg-none", "bad-algorithm" },
        { "missing-header", "missing-token" },
        { "basic-scheme", "not-bearer" },
        { "garbage", "malformed-token" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Messages_BadToken_401CountedNothingStoredOrSent(string problem, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        var authorization = problem switch
        {
            "wrong-audience" => Bearer(_framework.ChannelToken(audience: "another-bot")),
            "no-audience" => Bearer(_framework.ChannelToken(audience: null)),
            "wrong-issuer" => Bearer(_framework.ChannelToken(issuer: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/")),
            "expired" => Bearer(_framework.ChannelToken(notBefore: now.AddHours(-2), expires: now.AddMinutes(-6))),
            "not-yet-valid" => Bearer(_framework.ChannelToken(notBefore: now.AddMinutes(6), expires: now.AddHours(1))),
            "bad-signature" => Bearer(_framework.ChannelToken(signWith: "an-unpublished-key")),
            "unknown-kid" => Bearer(_framework.ChannelToken(kid: "never-published")),
            "serviceurl-mismatch" => Bearer(_framework.ChannelToken(serviceUrl: "https://attacker.example/")),
            "no-serviceurl" => Bearer(_framework.ChannelToken(serviceUrl: "")),
            "alg-none" => Bearer(_framework.ChannelToken(alg: "none")),
            "missing-header" => null,
            "basic-scheme" => "Basic " + Convert.ToBase64String("bot:secret"u8.ToArray()),
            _ => "Bearer not.a.jwt",
        };

        var before = _bot.Rejections(reason);

        var response = await _bot.PostAsync(Activities.Message(_framework, "<at>MeshBot</at> diagnose payments/api").ToJsonString(), authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before + 1, _bot.Rejections(reason));
        await _bot.AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task Messages_OversizedBody_400CountedNothingStored()
    {
        var activity = Activities.Message(_framework, "<at>MeshBot</at> diagnose payments/api " + new string('x', 300 * 1024));

        var before = _bot.Rejections("oversized");

        var response = await _bot.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before + 1, _bot.Rejections("oversized"));
        await _bot.AssertNothingHappenedAsync();
    }

    [Theory]
    [InlineData("{\"type\":\"message\",")]
    [InlineData("[]")]
    [InlineData("{\"text\":\"diagnose payments/api\"}")]
    [InlineData("{\"type\":\"message\",\"text\":\"diagnose payments/api\"}")]
    public async Task Messages_MalformedActivity_400Counted(string body)
    {
        var before = _bot.Rejections("malformed");

        var response = await _bot.PostAsync(body, Bearer(_framework.ChannelToken()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before + 1, _bot.Rejections("malformed"));
        await _bot.AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task Messages_PlainHttpServiceUrlEvenWhenTheTokenNamesIt_Rejected()
    {
        var activity = Activities.Message(_framework, "<at>MeshBot</at> diagnose payments/api");
        activity["serviceUrl"] = "http://127.0.0.1:1/";

        var before = _bot.Rejections("serviceurl-not-https");

        var response = await _bot.PostAsync(activity.ToJsonString(), Bearer(_framework.ChannelToken(serviceUrl: "http://127.0.0.1:1/")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before + 1, _bot.Rejections("serviceurl-not-https"));
        await _bot.AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task Messages_Get_NotAllowed()
    {
        var response = await _bot.Http.GetAsync("/api/messages");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private static string Bearer(string token) => "Bearer " + token;

    public sealed class Fixture : IAsyncLifetime
    {
        internal FakeBotFramework Framework { get; private set; } = null!;

        internal TeamsBot Bot { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Framework = await FakeBotFramework.StartAsync();
            Bot = await TeamsBot.StartAsync(Framework);
        }

        public async Task DisposeAsync()
        {
            await Bot.DisposeAsync();
            await Framework.DisposeAsync();
        }
    }
}
