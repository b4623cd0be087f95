using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// The Bot Framework's token signing keys: the OpenID metadata document names the JWK set (<c>jwks_uri</c>); the
/// set is cached and refetched every 24 hours (bot-docs: "at least once every 24 hours"), and at once when a token
/// names a key the cache does not hold (key rollover), at most once a minute so that made-up key ids cannot turn
/// every request into two fetches.
/// </summary>
internal sealed class BotFrameworkKeys(IHttpClientFactory http, TeamsOptions options, TimeProvider time, ILogger<BotFrameworkKeys> logger)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromHours(24);
    public static readonly TimeSpan MinimumRefetch = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile KeySet _set = new(new Dictionary<string, SigningKey>(), DateTimeOffset.MinValue, DateTimeOffset.MinValue);

    /// <summary>The key with this id, or null when neither the cache nor a fresh fetch holds it.</summary>
    /// <exception cref="HttpRequestException">The keys could not be fetched and none are cached.</exception>
    public async Task<SigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var set = _set;
        if (time.GetUtcNow() - set.FetchedAt >= RefreshEvery)
        {
            set = await RefreshAsync(set, cancellationToken).ConfigureAwait(false);
        }
        if (set.Keys.TryGetValue(keyId, out var key))
        {
            return key;
        }
        set = await RefreshAsync(set, cancellationToken).ConfigureAwait(false);
        return set.Keys.GetValueOrDefault(keyId);
    }

    private async Task<KeySet> RefreshAsync(KeySet seen, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var set = _set;
            var now = time.GetUtcNow();
            if (!ReferenceEquals(set, seen) || (set.Keys.Count > 0 && now - set.AttemptedAt < MinimumRefetch))
            {
                return set; // another request fetched meanwhile, or one tried a moment ago
            }
            try
            {
                var client = http.CreateClient(TeamsEndpoints.LoginClient);
                using var metadata = await GetJsonAsync(client, options.OpenIdMetadataUrl, cancellationToken).ConfigureAwait(false);
                var jwks = Uri.TryCreate(metadata.RootElement.Str("jwks_uri"), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                    ? uri
                    : throw new HttpRequestException($"the OpenID metadata at {options.OpenIdMetadataUrl} names no https jwks_uri");
                using var document = await GetJsonAsync(client, jwks, cancellationToken).ConfigureAwait(false);
                var keys = SigningKey.ReadSet(document.RootElement);
                if (keys.Count == 0)
                {
                    throw new HttpRequestException($"the key set at {jwks} holds no RSA signing key");
                }
                logger.LogInformation("Bot Framework signing keys fetched: {Count} keys", keys.Count);
                return _set = new KeySet(keys, now, now);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (set.Keys.Count == 0)
                {
                    throw new HttpRequestException($"Bot Framework signing keys unavailable: {e.Message}", e);
                }
                logger.LogWarning("Bot Framework signing keys not refreshed, keeping the cached ones: {Message}", e.Message);
                return _set = set with { AttemptedAt = now };
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {uri}: {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The cached keys, when they were fetched, and when a fetch was last tried: replaced whole, never changed.</summary>
    private sealed record KeySet(IReadOnlyDictionary<string, SigningKey> Keys, DateTimeOffset FetchedAt, DateTimeOffset AttemptedAt);
}
