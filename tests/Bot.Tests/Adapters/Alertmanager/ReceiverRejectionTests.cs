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
