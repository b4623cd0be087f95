namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// Validates the <c>Authorization: Bearer</c> token the Bot Framework Connector sends with every activity
/// (bot-docs "Authenticate requests from the Bot Connector service to your bot"): the Bearer scheme, a signature by a
/// published key (RS256), issuer <c>https://api.botframework.com</c>, audience = the app id, <c>exp</c>/<c>nbf</c>
/// with 5 minutes of clock skew, each read as botframework-connector reads it (checked against it by BotFrameworkJwtOracleTests). The token's <c>serviceurl</c> claim and its key's endorsements are returned for the
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
        // Exactly "Bearer", one space and the token: the SDK's JwtTokenExtractor splits on ' ' and wants two parts.
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return TokenCheck.Fail("not-bearer");
        }
        var compact = authorization["Bearer ".Length..];
        var token = compact.Contains(' ', StringComparison.Ordinal) ? null : JsonWebToken.TryParse(compact);
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
        // A string, as the connector compares it; an array (even one naming the app) is not the app id.
        if (token.StringClaim("aud") != options.AppId)
        {
            return TokenCheck.Fail("wrong-audience");
        }
        var now = time.GetUtcNow();
        // Expired from exp + skew on, as jsonwebtoken counts; an nbf that is there must be a time.
        if (token.TimeClaim("exp") is not { } expires || now >= expires + ClockSkew)
        {
            return TokenCheck.Fail("expired");
        }
        if (token.Claim("nbf") is not null && (token.TimeClaim("nbf") is not { } notBefore || now < notBefore - ClockSkew))
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
