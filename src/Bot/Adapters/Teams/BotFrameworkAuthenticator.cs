namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// Validates the <c>Authorization: Bearer</c> token the Bot Framework Connector sends with every activity
/// (bot-docs "Authenticate requests from the Bot Connector service to your bot"): the Bearer scheme, a signature by a
/// published key (RS256), issuer <c>https://api.botframework.com</c>, audience = the app id, <c>exp</c>/<c>nbf</c>
/// with 5 minutes of clock skew. The token's <c>serviceurl</c> claim and its key's endorsements are returned for the
/// checks that need the activity.
/// </summary>
internal sealed class BotFrameworkAuthenticator(BotFrameworkKeys keys, TeamsOptions options, TimeProvider time)
{
    public const string Issuer = "https://api.botframework.com";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task<TokenCheck> ValidateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return TokenCheck.Fail("missing-token");
        }
        // The scheme must be exactly "Bearer" (the SDK's JwtTokenExtractor rejects anything else).
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return TokenCheck.Fail("not-bearer");
        }
        var token = JsonWebToken.TryParse(authorization["Bearer ".Length..].Trim());
        if (token is null || token.KeyId is not { Length: > 0 } keyId)
        {
            return TokenCheck.Fail("malformed-token");
        }
        if (token.Algorithm is not ("RS256" or "RS384" or "RS512"))
        {
            return TokenCheck.Fail("bad-algorithm");
        }
        var key = await keys.FindAsync(keyId, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return TokenCheck.Fail("unknown-key");
        }
        if (!key.Verifies(token))
        {
            return TokenCheck.Fail("bad-signature");
        }
        if (token.StringClaim("iss") != Issuer)
        {
            return TokenCheck.Fail("wrong-issuer");
        }
        if (!token.Audiences().Contains(options.AppId, StringComparer.Ordinal))
        {
            return TokenCheck.Fail("wrong-audience");
        }
        var now = time.GetUtcNow();
        if (token.TimeClaim("exp") is not { } expires || now > expires + ClockSkew)
        {
            return TokenCheck.Fail("expired");
        }
        if (token.TimeClaim("nbf") is { } notBefore && now < notBefore - ClockSkew)
        {
            return TokenCheck.Fail("not-yet-valid");
        }
        return new TokenCheck(null, token.StringClaim("serviceurl"), key);
    }
}

/// <summary>A token's verdict: <see cref="Failure"/> is the metrics reason when it is rejected.</summary>
internal sealed record TokenCheck(string? Failure, string? ServiceUrl, SigningKey? Key)
{
    public bool Valid => Failure is null;

    public static TokenCheck Fail(string reason) => new(reason, null, null);
}
