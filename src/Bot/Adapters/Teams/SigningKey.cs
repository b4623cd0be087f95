using System.Security.Cryptography;
using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// One RSA key of the Bot Framework's JWK set, with the Bot Framework's extra <c>endorsements</c> property: the
/// channel ids (<c>msteams</c>, …) that tokens signed with it may speak for.
/// </summary>
internal sealed record SigningKey(string KeyId, RSAParameters Parameters, IReadOnlyList<string> Endorsements)
{
    /// <summary>The channel is named and among the endorsements, spelled exactly (the connector compares case-sensitively).</summary>
    public bool Endorses(string? channelId) =>
        !string.IsNullOrWhiteSpace(channelId) && Endorsements.Contains(channelId, StringComparer.Ordinal);

    public bool Verifies(JsonWebToken token)
    {
        using var rsa = RSA.Create(Parameters);
        return token.VerifySignature(rsa);
    }

    /// <summary>The RSA signing keys of a JWK set (<c>{"keys":[{"kty":"RSA","kid","n","e","endorsements"}]}</c>); others are skipped.</summary>
    public static IReadOnlyDictionary<string, SigningKey> ReadSet(JsonElement set)
    {
        var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var key in set.Items("keys"))
        {
            if (key.Str("kty") != "RSA" || key.Str("use") is not (null or "sig") || key.Str("kid") is not { } kid
                || key.Str("n") is not { } n || key.Str("e") is not { } e
                || JsonWebToken.Decode(n) is not { Length: >= 256 } modulus || JsonWebToken.Decode(e) is not { Length: > 0 } exponent)
            {
                continue; // an unusable entry (or a key under 2048 bits) is never a signing key
            }
            keys[kid] = new SigningKey(kid, new RSAParameters { Modulus = modulus, Exponent = exponent }, key.Strings("endorsements"));
        }
        return keys;
    }
}
