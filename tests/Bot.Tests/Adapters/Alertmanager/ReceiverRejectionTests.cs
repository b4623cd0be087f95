using System.Net;
using System.Text;

namespace MeshBot.Bot.Tests.Adapters.Alertmanager;

/// <summary>One MeshBot for the class: every refused request is counted and creates nothing.</summary>
public sealed class ReceiverHostFixture : IAsyncLifetime
{
    internal BotHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await BotHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// <c>POST /alertmanager</c> refuses before anything is queued: the token first (constant time), then the size, then the
/// payload; each refusal is counted in <c>meshbot_webhook_rejections_total</c> and no incident appears.
/// </summary>
public sealed class ReceiverRejectionTests(ReceiverHostFixture fixture) : IClassFixture<ReceiverHostFixture>
{
    private BotHost Host => fixture.Host;

    private static readonly string Valid = Payloads.Read(Payloads.Firing025);

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string reason)
    {
        var before = Host.Rejections(reason);

        using var response = await send();

        Assert.Equal(status, response.StatusCode);
        Assert.Contains($"\"error\":\"{reason}\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, Host.Rejections(reason));
        Assert.Equal(0, Host.Background.Pending);
        Assert.Empty(await Host.IncidentsAsync());
    }

    [Fact]
    public Task Unauthenticated_401() => AssertRefusedAsync(() => Host.PostAsync(Valid, token: null), HttpStatusCode.Unauthorized, "missing-token");

    [Fact]
    public Task BasicInsteadOfBearer_401() => AssertRefusedAsync(() => Host.PostAsync(Valid, Convert.ToBase64String(Encoding.UTF8.GetBytes("am:" + BotHost.Token)), "Basic"), HttpStatusCode.Unauthorized, "missing-token");

    [Fact]
    public Task WrongToken_401() => AssertRefusedAsync(() => Host.PostAsync(Valid, BotHost.Token + "x"), HttpStatusCode.Unauthorized, "wrong-token");

    [Fact]
    public Task WrongTokenOnAnOversizedMalformedBody_IsStill401() =>
        AssertRefusedAsync(() => Host.PostAsync(new string('{', 2 << 20), "wrong"), HttpStatusCode.Unauthorized, "wrong-token");

    [Fact]
    public Task Oversized_413() => AssertRefusedAsync(() => Host.PostAsync(Valid + new string(' ', 1 << 20)), HttpStatusCode.RequestEntityTooLarge, "too-large");

    [Fact]
    public Task OversizedChunked_413() => AssertRefusedAsync(() =>
    {
        // No Content-Length: the limit is enforced while the body streams in.
        var request = new HttpRequestMessage(HttpMethod.Post, "/alertmanager") { Content = new StreamContent(new UnsizedStream(Encoding.UTF8.GetBytes(Valid + new string(' ', 1 << 20)))) };
        request.Headers.Authorization = new("Bearer", BotHost.Token);
        return Host.Http.SendAsync(request);
    }, HttpStatusCode.RequestEntityTooLarge, "too-large");

    [Fact]
    public Task MalformedJson_400() => AssertRefusedAsync(() => Host.PostAsync(Valid[..^5]), HttpStatusCode.BadRequest, "malformed-json");

    [Fact]
    public Task WrongVersion_400() => AssertRefusedAsync(() => Host.PostAsync(Valid.Replace("\"version\":\"4\"", "\"version\":\"5\"", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "wrong-version");

    [Fact]
    public Task InvalidPayload_400() => AssertRefusedAsync(() => Host.PostAsync(Valid.Replace("\"status\":\"firing\",\"alerts\"", "\"status\":\"on-fire\",\"alerts\"", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "invalid-payload");

    /// <summary>Bodies that are not a usable payload, each of which must be a 400 (Alertmanager retries any 5xx for ever).</summary>
    public static TheoryData<string, string> MalformedBodies() => new()
    {
        { "invalid-utf8-in-a-value", "malformed-json" },
        { "invalid-utf8-in-a-label-name", "malformed-json" },
        { "overlong-utf8", "malformed-json" },
        { "invalid-utf8-outside-strings", "malformed-json" },
        { "lone-surrogate-escape", "invalid-payload" },
        { "truncated", "malformed-json" },
        { "empty", "malformed-json" },
        { "too-deep", "malformed-json" },
        { "json-null", "invalid-payload" },
        { "json-array", "invalid-payload" },
        { "json-string", "invalid-payload" },
        { "version-a-number", "wrong-version" },
        { "group-key-a-number", "invalid-payload" },
        { "alerts-an-object", "invalid-payload" },
        { "alert-a-string", "invalid-payload" },
        { "labels-an-array", "invalid-payload" },
        { "label-value-a-number", "invalid-payload" },
        { "truncated-alerts-a-string", "invalid-payload" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public Task MalformedBody_400WithTheReasonNever5xx(string problem, string reason) =>
        AssertRefusedAsync(() => PostBytesAsync(Malformed(problem)), HttpStatusCode.BadRequest, reason);

    [Fact]
    public async Task InvalidUtf8_400SaysSo()
    {
        using var response = await PostBytesAsync(Malformed("invalid-utf8-in-a-value"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid UTF-8 JSON", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BrokenChunkedEncoding_400Counted()
    {
        // Raw HTTP/1.1: a chunk size that is not hex, so reading the body fails inside the server.
        var before = Host.Rejections("unreadable-body");
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Host.Url.Host, Host.Url.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /alertmanager HTTP/1.1\r\nHost: {Host.Url.Authority}\r\nAuthorization: Bearer {BotHost.Token}\r\nContent-Type: application/json\r\n" +
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync();

        Assert.StartsWith("HTTP/1.1 400 ", statusLine);
        Assert.Equal(before + 1, Host.Rejections("unreadable-body"));
        Assert.Empty(await Host.IncidentsAsync());
    }

    private static byte[] Malformed(string problem)
    {
        static byte[] Splice(string json, string marker, byte[] bytes)
        {
            var at = json.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(at > 0, marker);
            return [.. Encoding.UTF8.GetBytes(json[..at]), .. bytes, .. Encoding.UTF8.GetBytes(json[(at + marker.Length)..])];
        }
        string Replace(string from, string to)
        {
            Assert.Contains(from, Valid);
            return Valid.Replace(from, to, StringComparison.Ordinal);
        }
        return problem switch
        {
            "invalid-utf8-in-a-value" => Splice(Valid, "payments", [.. "pay"u8, 0xff, .. "ments"u8]),
            "invalid-utf8-in-a-label-name" => Splice(Valid, "severity", [.. "sever"u8, 0xc3, 0x28, .. "ty"u8]),
            "overlong-utf8" => Splice(Valid, "payments", [.. "payments"u8, 0xc0, 0xaf]),
            "invalid-utf8-outside-strings" => [.. Encoding.UTF8.GetBytes(Valid), 0xfe],
            "lone-surrogate-escape" => Encoding.UTF8.GetBytes(Replace("\"payments\"", "\"pay\\ud800ments\"")),
            "truncated" => Encoding.UTF8.GetBytes(Valid[..(Valid.Length / 2)]),
            "empty" => [],
            "too-deep" => Encoding.UTF8.GetBytes(new string('[', 40) + new string(']', 40)),
            "json-null" => "null"u8.ToArray(),
            "json-array" => Encoding.UTF8.GetBytes("[" + Valid + "]"),
            "json-string" => "\"version 4\""u8.ToArray(),
            "version-a-number" => Encoding.UTF8.GetBytes(Replace("\"version\":\"4\"", "\"version\":4")),
            "group-key-a-number" => Encoding.UTF8.GetBytes(Replace("\"groupKey\":\"{}:{}\"", "\"groupKey\":7")),
            "alerts-an-object" => Encoding.UTF8.GetBytes(Replace("\"alerts\":[", "\"alerts\":{\"a\":[").Replace("}],\"groupLabels\"", "}]},\"groupLabels\"", StringComparison.Ordinal)),
            "alert-a-string" => Encoding.UTF8.GetBytes(Replace("\"alerts\":[", "\"alerts\":[\"firing\",")),
            "labels-an-array" => Encoding.UTF8.GetBytes(Replace("\"commonLabels\":{\"alertname\":\"IstioMTLSFailure\",\"namespace\":\"payments\",\"severity\":\"critical\"}", "\"commonLabels\":[\"payments\"]")),
            "label-value-a-number" => Encoding.UTF8.GetBytes(Replace("\"severity\":\"critical\"}", "\"severity\":3}")),
            "truncated-alerts-a-string" => Encoding.UTF8.GetBytes(Replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":\"0\"")),
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem),
        };
    }

    private Task<HttpResponseMessage> PostBytesAsync(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/alertmanager") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Authorization = new("Bearer", BotHost.Token);
        return Host.Http.SendAsync(request);
    }

    [Fact]
    public async Task OtherMethods_AreNotTheReceiver()
    {
        using var response = await Host.Http.GetAsync("/alertmanager");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    /// <summary>A stream whose length is unknown, so HttpClient sends it chunked.</summary>
    private sealed class UnsizedStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
