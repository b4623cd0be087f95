using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Tests.Operations;

/// <summary>
/// Slack's <c>auth.test</c> and the Bot Framework's token endpoint (OAuth 2.0 client credentials) as a small Kestrel app
/// on 127.0.0.1, answering as the real services do for a good and a bad credential.
/// </summary>
internal sealed class FakeChatServices : IAsyncDisposable
{
    public const string GoodBotToken = "xoxb-1111-2222-good";
    public const string AppId = "8d5b3c2a-0f6e-4b7a-9c1d-2e3f4a5b6c7d";
    public const string AppPassword = "right~password.123";

    private readonly WebApplication _app;

    private FakeChatServices(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The Slack Web API base URL (<c>MeshBot:Slack:ApiBaseUrl</c>).</summary>
    public Uri SlackApi => new(Url, "/api/");

    /// <summary>The token endpoint (<c>MeshBot:Teams:TokenEndpoint</c>).</summary>
    public Uri TokenEndpoint => new(Url, "/botframework.com/oauth2/v2.0/token");

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeChatServices> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeChatServices? self = null;
        app.MapPost("/api/auth.test", (HttpRequest request) =>
        {
            self!.Requests.Enqueue($"auth.test {request.Headers.Authorization}");
            return request.Headers.Authorization == $"Bearer {GoodBotToken}"
                ? Results.Json(new { ok = true, url = "https://acme.slack.com/", team = "Acme", user = "meshbot", team_id = "T0ACME", user_id = "U0MESHBOT", bot_id = "B0MESHBOT" })
                : Results.Json(new { ok = false, error = "invalid_auth" });
        });
        app.MapPost("/botframework.com/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            self!.Requests.Enqueue($"token {form["grant_type"]} {form["client_id"]} {form["scope"]}");
            return form["grant_type"] == "client_credentials" && form["client_id"] == AppId && form["client_secret"] == AppPassword && form["scope"] == "https://api.botframework.com/.default"
                ? Results.Json(new { token_type = "Bearer", expires_in = 3599, ext_expires_in = 3599, access_token = "eyJ0eXAiOiJKV1QifQ.e30.sig" })
                : Results.Json(new { error = "invalid_client", error_description = "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 0000\r\nCorrelation ID: 1111" }, statusCode: 401);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeChatServices(app, new Uri(address));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
