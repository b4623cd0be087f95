using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MeshBot.Bot.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>
/// The signature as the replay key: a signed request re-sent with its hex digits re-cased must not pass as new (issue 9:
/// five sends of one slash command opened four incidents). Over real HTTP, each test with its own bot and fake Slack.
/// </summary>
public sealed class SlackInboundGateTests
{
    private const string Form = "application/x-www-form-urlencoded";

    public static TheoryData<string, string> ReEncodings() => new()
    {
        { "/slack/commands", "upper" },
        { "/slack/commands", "mixed" },
        { "/slack/interactions", "upper" },
        { "/slack/events", "mixed" },
    };

    [Theory]
    [MemberData(nameof(ReEncodings))]
    public async Task PassAsync_SignatureHexNotLowerCase_IsRefused401AndCounted(string endpoint, string casing)
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);
        var (body, mediaType) = endpoint switch
        {
            "/slack/commands" => (Command(slack), Form),
            "/slack/interactions" => (SlackSigning.Form(("payload", SlackTestHost.BlockActions("approve:inc-0000aaaa:p1", "UALICE", slack.ResponseUrl("press").ToString()))), Form),
            _ => ("""{"token":"x","challenge":"case-check","type":"url_verification"}""", "application/json"),
        };
        var (timestamp, signature) = Sign(host, body);
        var before = host.Rejections(endpoint, "bad-signature");

        using var response = await SendAsync(host, endpoint, body, mediaType, timestamp, Recase(signature, casing));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before + 1, host.Rejections(endpoint, "bad-signature"));
        await Task.Delay(50);
        Assert.Empty(await host.Store.ListAsync());
        Assert.Equal(0, host.Services.GetRequiredService<BackgroundWork>().Pending);
    }

    [Theory]
    [InlineData("/slack/commands")]
    [InlineData("/slack/events")]
    public async Task PassAsync_UnsignedSslCheck_Answered200AndNothingElseRead(string endpoint)
    {
        // Found against Bolt (SlackSigningOracleTests): Slack's ssl_check is answered without a signature, and whatever
        // else the form holds is ignored, never run.
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent("ssl_check=1&" + Command(slack)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(Form);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        await Task.Delay(50);
        Assert.Empty(await host.Store.ListAsync());
        Assert.Empty(slack.Calls);
        Assert.Equal(0, host.Services.GetRequiredService<BackgroundWork>().Pending);
    }

    [Fact]
    public async Task PassAsync_OneSlashCommandSentFiveWays_OpensOneIncident()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);
        var body = Command(slack);
        var (timestamp, signature) = Sign(host, body);

        using var first = await SendAsync(host, "/slack/commands", body, Form, timestamp, signature);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var statuses = new List<HttpStatusCode>();
        foreach (var resent in new[] { signature, Recase(signature, "upper"), Recase(signature, "mixed"), signature })
        {
            using var response = await SendAsync(host, "/slack/commands", body, Form, timestamp, resent);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(2, host.Rejections("/slack/commands", "replayed"));
        Assert.Equal(2, host.Rejections("/slack/commands", "bad-signature"));
        var background = host.Services.GetRequiredService<BackgroundWork>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((background.Pending > 0 || (await host.Store.ListAsync()).Count == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        await Task.Delay(100); // a wrongly accepted copy would have opened its incident by now
        Assert.Single(await host.Store.ListAsync());
    }

    private static string Command(FakeSlack slack) => SlackSigning.Form(
        ("team_id", "T111"), ("channel_id", SlackTestHost.Channel), ("user_id", "UCAROL"), ("command", "/meshbot"),
        ("text", "diagnose payments/api from monitoring/prometheus port 80"), ("response_url", slack.ResponseUrl("command").ToString()));

    private static (string Timestamp, string Signature) Sign(SlackTestHost host, string body)
    {
        var timestamp = SlackSigning.Timestamp(host.Clock.Now);
        return (timestamp, SlackSigning.Sign(SlackTestHost.SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
    }

    /// <summary>The same 32 bytes spelt differently: every hex letter upper-cased, or every other letter.</summary>
    private static string Recase(string signature, string casing)
    {
        var hex = signature[3..].ToCharArray();
        var letters = 0;
        for (var i = 0; i < hex.Length; i++)
        {
            if (char.IsAsciiLetter(hex[i]) && (casing == "upper" || letters++ % 2 == 0))
            {
                hex[i] = char.ToUpperInvariant(hex[i]);
            }
        }
        var recased = "v0=" + new string(hex);
        Assert.NotEqual(signature, recased); // 64 hex digits without a letter: odds of 1 in 10^13
        return recased;
    }

    private static Task<HttpResponseMessage> SendAsync(SlackTestHost host, string endpoint, string body, string mediaType, string timestamp, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return host.Client.SendAsync(request);
    }
}
