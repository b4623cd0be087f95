using System.Net.Http.Json;
using System.Text.Json;
using MeshBot.Bot.Hosting;
using MeshBot.Cluster.Json;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// The bot's access token for the Connector: OAuth 2.0 client credentials against
/// <c>login.microsoftonline.com/{tenant or botframework.com}/oauth2/v2.0/token</c> with scope
/// <c>https://api.botframework.com/.default</c> (bot-docs "Bot to Connector"). One token is shared until five minutes
/// before it expires (or half its life, if shorter); concurrent callers wait for one request. Neither the token nor
/// the password is ever logged or put in an exception.
/// </summary>
internal sealed class TeamsTokenClient(IHttpClientFactory http, TeamsOptions options, TimeProvider time, MeshBotMetrics metrics, ILogger<TeamsTokenClient> logger)
{
    public const string Scope = "https://api.botframework.com/.default";

    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CachedToken? _cached;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } fresh && time.GetUtcNow() < fresh.RefreshAt)
        {
            return fresh.Token;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } other && time.GetUtcNow() < other.RefreshAt)
            {
                return other.Token;
            }
            var (token, lifetime) = await RequestAsync(cancellationToken).ConfigureAwait(false);
            var margin = lifetime > 2 * Margin ? Margin : lifetime / 2;
            _cached = new CachedToken(token, time.GetUtcNow() + lifetime - margin);
            logger.LogInformation("Bot Framework access token obtained, valid for {Lifetime}", lifetime);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets a token the Connector refused (401), so that the next call asks for a new one.</summary>
    public void Invalidate(string token)
    {
        if (_cached?.Token == token)
        {
            _cached = null;
        }
    }

    private async Task<(string Token, TimeSpan Lifetime)> RequestAsync(CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = options.AppId,
            ["client_secret"] = options.AppPassword,
            ["scope"] = Scope,
        });
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(TeamsEndpoints.LoginClient).PostAsync(options.TokenEndpoint, form, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            metrics.ChatApiCall("teams", "token", "error");
            throw new TeamsApiException("token request", null, null, $"{options.TokenEndpoint.Host} unreachable: {e.Message}");
        }
        using (response)
        {
            JsonElement body = default;
            try
            {
                body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
            }
            if (!response.IsSuccessStatusCode || body.Str("access_token") is not { Length: > 0 } accessToken)
            {
                metrics.ChatApiCall("teams", "token", "error");
                throw new TeamsApiException("token request", response.StatusCode, body.Str("error"), body.Str("error_description") ?? "no access_token in the response");
            }
            metrics.ChatApiCall("teams", "token", "ok");
            return (accessToken, TimeSpan.FromSeconds(body.Int("expires_in") is > 0 and var seconds ? seconds : 3600));
        }
    }

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt)
    {
        public override string ToString() => $"token until {RefreshAt:O}"; // never the token itself
    }
}
