using System.Net;
using System.Text;
using MeshBot.Bot.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>One bot and one fake Slack for every bad request: none of them may store, run or post anything.</summary>
public sealed class SlackRejectionFixture : IAsyncLifetime
{
    internal FakeSlack Slack { get; private set; } = null!;

    internal SlackTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Slack = await FakeSlack.StartAsync();
        Host = await SlackTestHost.StartAsync(Slack);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Slack.DisposeAsync();
    }
}

/// <summary>
/// Every bad input on every endpoint — unsigned, mis-signed, tampered, replayed, stale, oversized, wrong media type,
/// malformed form or JSON — is refused with the right status, counted with its reason, and leaves no trace: no
/// incident in the store, no call to Slack, no background work.
/// </summary>
public sealed class SlackRejectionTests(SlackRejectionFixture fixture) : IClassFixture<SlackRejectionFixture>
{
    private const string Form = "application/x-www-form-urlencoded";
    private const string Json = "application/json";

    public static TheoryData<string, string, string, int> Cases()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var endpoint in new[] { "/slack/commands", "/slack/interactions", "/slack/events" })
        {
            foreach (var (problem, reason, status) in new[]
            {
                ("unsigned", "missing-signature", 401),
                ("no-timestamp", "missing-timestamp", 401),
                ("garbage-timestamp", "bad-timestamp", 401),
                ("wrong-secret", "bad-signature", 401),
                ("tampered", "bad-signature", 401),
                ("base64-signature", "bad-signature", 401),
                ("stale", "stale-timestamp", 401),
                ("future", "stale-timestamp", 401),
                ("oversized", "too-large", 413),
                ("oversized-chunked", "too-large", 413),
                ("wrong-media-type", "bad-content-type", 415),
                ("malformed", endpoint == "/slack/commands" ? "malformed-form" : "malformed-json", 400),
            })
            {
                data.Add(endpoint, problem, reason, status);
            }
        }
        data.Add("/slack/interactions", "no-payload-field", "malformed-form", 400);
        data.Add("/slack/interactions", "payload-without-user", "malformed-payload", 400);
        foreach (var endpoint in new[] { "/slack/commands", "/slack/interactions", "/slack/events" })
        {
            data.Add(endpoint, "invalid-utf8", "invalid-utf8", 400);
        }
        data.Add("/slack/events", "invalid-utf8-in-a-json-string", "invalid-utf8", 400); // was a 500 (found by SlackSigningOracleTests)
        data.Add("/slack/events", "json-array", "malformed-json", 400);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_IsRefusedCountedAndLeavesNoTrace(string endpoint, string problem, string reason, int status)
    {
        var host = fixture.Host;
        var before = host.Rejections(endpoint, reason);

        using var response = await SendAsync(host, endpoint, problem);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(before + 1, host.Rejections(endpoint, reason));
        await Task.Delay(50); // anything wrongly started would have reached the store or Slack by now
        Assert.Empty(await host.Store.ListAsync());
        Assert.Empty(fixture.Slack.Calls);
        Assert.Equal(0, host.Services.GetRequiredService<BackgroundWork>().Pending);
        Assert.Equal(0, host.AppliedWrites);
    }

    /// <summary>What each endpoint would act on if it were let through: a diagnosis, an approval, a mention.</summary>
    private static (string Body, string MediaType) Genuine(string endpoint) => endpoint switch
    {
        "/slack/commands" => (SlackSigning.Form(("team_id", "T111"), ("channel_id", "CTRIAGE1"), ("user_id", "UALICE"), ("command", "/meshbot"),
            ("text", "diagnose payments/api from monitoring/prometheus port 80"), ("response_url", "https://example.invalid/hooks/commands")), Form),
        "/slack/interactions" => (SlackSigning.Form(("payload", SlackTestHost.BlockActions("approve:inc-0000aaaa:p1", "UALICE", "https://example.invalid/hooks/actions"))), Form),
        _ => ("""{"token":"x","team_id":"T111","api_app_id":"A111","type":"event_callback","event_id":"EvREJECT","event_time":1610241741,"event":{"type":"app_mention","text":"<@UBOT> diagnose payments/api","user":"UALICE","ts":"1610241741.000200","channel":"CTRIAGE1","event_ts":"1610241741.000200"}}""", Json),
    };

    private static async Task<HttpResponseMessage> SendAsync(SlackTestHost host, string endpoint, string problem)
    {
        var (body, mediaType) = Genuine(endpoint);
        var now = host.Clock.Now;
        switch (problem)
        {
            case "stale":
                return await host.PostSignedAsync(endpoint, body, mediaType, at: now.AddMinutes(-6));
            case "future":
                return await host.PostSignedAsync(endpoint, body, mediaType, at: now.AddMinutes(6));
            case "wrong-secret":
                return await host.PostSignedAsync(endpoint, body, mediaType, secret: "0000000000000000abcd99yyyzzz85a5");
            case "oversized":
                return await host.PostSignedAsync(endpoint, body + new string(' ', 70 * 1024), mediaType);
            case "wrong-media-type":
                return await host.PostSignedAsync(endpoint, body, endpoint == "/slack/events" ? Form : Json);
            case "malformed":
                return await host.PostSignedAsync(endpoint, endpoint == "/slack/commands" ? "text=diagnose+payments%2Fapi&%%%garbage" : endpoint == "/slack/events" ? "{\"type\": \"event_callback\", " : "payload=%7B%22type%22%3A%22block_actions", mediaType);
            case "no-payload-field":
                return await host.PostSignedAsync(endpoint, "type=block_actions&user=UALICE", mediaType);
            case "payload-without-user":
                return await host.PostSignedAsync(endpoint, SlackSigning.Form(("payload", """{"type":"block_actions","actions":[{"action_id":"approve:inc-0000aaaa:p1","type":"button"}]}""")), mediaType);
            case "json-array":
                return await host.PostSignedAsync(endpoint, "[" + body + "]", mediaType);
            case "invalid-utf8":
                return await SendRawAsync(host, endpoint, [.. Encoding.UTF8.GetBytes(body), 0xff, 0xfe], mediaType, sign: true);
            case "invalid-utf8-in-a-json-string":
                return await SendRawAsync(host, endpoint, [.. """{"type":"url_verification","challenge":"caf"""u8, 0xE9, .. "\"}"u8], mediaType, sign: true);
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = SlackSigning.Timestamp(now);
        var signature = SlackSigning.Sign(SlackTestHost.SigningSecret, timestamp, bytes);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Content = problem == "oversized-chunked"
            ? new StreamContent(new MemoryStream([.. bytes, .. new byte[70 * 1024]]))
            : new ByteArrayContent(problem == "tampered" ? [.. bytes, (byte)' '] : bytes);
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
        if (problem == "oversized-chunked")
        {
            request.Headers.TransferEncodingChunked = true;
        }
        if (problem != "no-timestamp")
        {
            request.Headers.Add("X-Slack-Request-Timestamp", problem == "garbage-timestamp" ? "yesterday" : timestamp);
        }
        if (problem != "unsigned")
        {
            request.Headers.Add("X-Slack-Signature", problem == "base64-signature" ? "v0=" + Convert.ToBase64String(Convert.FromHexString(signature[3..])) : signature);
        }
        if (problem == "unsigned")
        {
            request.Headers.Remove("X-Slack-Request-Timestamp");
        }
        return await host.Client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SendRawAsync(SlackTestHost host, string endpoint, byte[] body, string mediaType, bool sign)
    {
        var timestamp = SlackSigning.Timestamp(host.Clock.Now);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        if (sign)
        {
            request.Headers.Add("X-Slack-Signature", SlackSigning.Sign(SlackTestHost.SigningSecret, timestamp, body));
        }
        return await host.Client.SendAsync(request);
    }

    [Fact]
    public async Task Replay_OfAValidRequestWithinTheWindow_IsRefused()
    {
        var host = fixture.Host;
        var body = """{"token":"x","challenge":"replay-check","type":"url_verification"}"""u8.ToArray();
        var timestamp = SlackSigning.Timestamp(host.Clock.Now);
        var signature = SlackSigning.Sign(SlackTestHost.SigningSecret, timestamp, body);
        var before = host.Rejections("/slack/events", "replayed");

        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/slack/events") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
            request.Headers.Add("X-Slack-Signature", signature);
            return request;
        }
        using var first = await host.Client.SendAsync(Request());
        using var replay = await host.Client.SendAsync(Request());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(before + 1, host.Rejections("/slack/events", "replayed"));
    }
}
