using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MeshBot.Bot.Tests.Adapters.Teams;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>One request to <c>/api/messages</c>: its name, its Authorization header (null: none) and its activity.</summary>
internal sealed record TokenCase(string Id, string? Authorization, JsonObject Activity);

/// <summary>
/// Connector tokens, valid and wrong in each way the Bot Framework's validation looks at: the algorithm (none, HS256 with
/// the public key, PS256), the key (unknown, missing, another's, endorsements), issuer, audience, the lifetime at the edges
/// of the 5-minute skew, the <c>serviceurl</c> claim against the activity, claim spelling and duplicates, the
/// Authorization header's scheme and spacing, the compact form itself.
/// </summary>
internal static class BotFrameworkTokenCorpus
{
    public const string Signer = "key-1";

    /// <summary>Published keys and their endorsements; <c>key-unpublished</c> signs but is not in the set.</summary>
    public static readonly (string Kid, string[] Endorsements)[] Keys =
        [(Signer, ["msteams"]), ("key-webchat", ["webchat"]), ("key-bare", []), ("key-upper", ["MSTeams"])];

    /// <summary>Cases where the connector accepts and MeshBot deliberately refuses (README, "Teams").</summary>
    public static readonly string[] Stricter =
        ["exp-missing", "key-without-endorsements", "aud-duplicated-last-right", "activity-without-serviceurl", "channel-id-empty"];

    public static IReadOnlyList<TokenCase> Generate(FakeBotFramework framework, long now)
    {
        var cases = new List<TokenCase>();
        void Add(string id, string? authorization, Action<JsonObject>? activity = null)
        {
            var a = Activities.ConversationUpdate(framework);
            activity?.Invoke(a);
            cases.Add(new TokenCase(id, authorization, a));
        }
        void Token(string id, Action<JsonObject>? claims = null, Action<JsonObject>? header = null, Func<byte[], string>? sign = null, Action<JsonObject>? activity = null) =>
            Add(id, "Bearer " + Jws(Header(header), Claims(framework, now, claims), sign ?? Rsa(Signer)), activity);

        Token("valid");
        Token("valid-rs384", header: h => h["alg"] = "RS384", sign: Rsa(Signer, HashAlgorithmName.SHA384));
        Token("valid-rs512", header: h => h["alg"] = "RS512", sign: Rsa(Signer, HashAlgorithmName.SHA512));

        // The algorithm.
        Token("alg-none", header: h => h["alg"] = "none", sign: _ => "");
        Token("alg-none-with-rsa-signature", header: h => h["alg"] = "none");
        var publicPem = Encoding.ASCII.GetBytes(FakeBotFramework.Key(Signer).ExportSubjectPublicKeyInfoPem());
        Token("hs256-signed-with-the-public-key", header: h => h["alg"] = "HS256", sign: input => Base64Url.EncodeToString(HMACSHA256.HashData(publicPem, input)));
        Token("alg-lower-case", header: h => h["alg"] = "rs256");
        Token("alg-ps256", header: h => h["alg"] = "PS256", sign: Rsa(Signer, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Token("alg-says-rs384-signed-rs256", header: h => h["alg"] = "RS384");

        // The key and its endorsements.
        Token("kid-unknown", header: h => h["kid"] = "key-nobody-published");
        Token("kid-missing", header: h => h.Remove("kid"));
        Token("kid-empty", header: h => h["kid"] = "");
        Token("kid-a-number", header: h => h["kid"] = 1);
        Token("kid-of-another-key", header: h => h["kid"] = "key-webchat");
        Token("signed-by-an-unpublished-key", sign: Rsa("key-unpublished"));
        Token("key-endorsed-for-webchat-only", header: h => h["kid"] = "key-webchat", sign: Rsa("key-webchat"));
        Token("key-without-endorsements", header: h => h["kid"] = "key-bare", sign: Rsa("key-bare"));
        Token("key-endorsement-in-other-case", header: h => h["kid"] = "key-upper", sign: Rsa("key-upper"));
        Token("channel-id-in-other-case", activity: a => a["channelId"] = "MSTeams");
        Token("channel-id-webchat", activity: a => a["channelId"] = "webchat");
        Token("channel-id-missing", activity: a => a.Remove("channelId"));
        Token("channel-id-empty", activity: a => a["channelId"] = "");

        // Issuer and audience.
        Token("iss-wrong", c => c["iss"] = "https://evil.example");
        Token("iss-missing", c => c.Remove("iss"));
        Token("iss-trailing-slash", c => c["iss"] = "https://api.botframework.com/");
        Token("iss-upper-case-host", c => c["iss"] = "https://API.botframework.com");
        Token("iss-claim-name-upper-case", c => { c["ISS"] = c["iss"]!.DeepClone(); c.Remove("iss"); });
        Token("aud-another-app", c => c["aud"] = "0b0b0b0b-1111-4222-8333-444455556666");
        Token("aud-missing", c => c.Remove("aud"));
        Token("aud-upper-case", c => c["aud"] = FakeBotFramework.AppId.ToUpperInvariant());
        Token("aud-array-of-the-app", c => c["aud"] = new JsonArray(FakeBotFramework.AppId));
        Token("aud-array-with-another-app", c => c["aud"] = new JsonArray("0b0b0b0b-1111-4222-8333-444455556666", FakeBotFramework.AppId));
        var claims = Claims(framework, now, null);
        Add("aud-duplicated-last-right", "Bearer " + Jws(Header(null), claims.Replace("\"aud\":", "\"aud\":\"0b0b0b0b-1111-4222-8333-444455556666\",\"aud\":", StringComparison.Ordinal), Rsa(Signer)));
        Add("aud-duplicated-last-wrong", "Bearer " + Jws(Header(null), claims.Replace("}", ",\"aud\":\"0b0b0b0b-1111-4222-8333-444455556666\"}", StringComparison.Ordinal), Rsa(Signer)));

        // The lifetime, at the edges of the 5-minute clock skew.
        foreach (var (id, offset) in new[] { ("exp-299s-ago", -299L), ("exp-300s-ago", -300L), ("exp-301s-ago", -301L), ("exp-a-day-ago", -86_400L) })
        {
            Token(id, c => c["exp"] = now + offset);
        }
        Token("exp-missing", c => c.Remove("exp"));
        Token("exp-a-string", c => c["exp"] = (now + 3600).ToString(CultureInfo.InvariantCulture));
        foreach (var (id, offset) in new[] { ("nbf-in-299s", 299L), ("nbf-in-300s", 300L), ("nbf-in-301s", 301L), ("nbf-in-a-day", 86_400L) })
        {
            Token(id, c => c["nbf"] = now + offset);
        }
        Token("nbf-missing", c => c.Remove("nbf"));
        Token("nbf-a-string", c => c["nbf"] = (now - 60).ToString(CultureInfo.InvariantCulture));

        // The serviceurl claim against the activity's serviceUrl.
        Token("serviceurl-another-host", c => c["serviceurl"] = "https://evil.example/");
        Token("serviceurl-missing", c => c.Remove("serviceurl"));
        Token("serviceurl-upper-case", c => c["serviceurl"] = framework.ServiceUrl.ToUpperInvariant());
        Token("serviceurl-without-trailing-slash", c => c["serviceurl"] = framework.ServiceUrl.TrimEnd('/'));
        Token("serviceurl-claim-name-camel-case", c => { c["serviceUrl"] = c["serviceurl"]!.DeepClone(); c.Remove("serviceurl"); });
        Token("activity-serviceurl-elsewhere", activity: a => a["serviceUrl"] = "https://evil.example/");
        Token("activity-without-serviceurl", c => c.Remove("serviceurl"), activity: a => a.Remove("serviceUrl"));

        // The compact form.
        var valid = Jws(Header(null), claims, Rsa(Signer));
        var parts = valid.Split('.');
        Add("signature-tampered", "Bearer " + parts[0] + "." + parts[1] + "." + Flip(parts[2]));
        Add("payload-tampered", "Bearer " + parts[0] + "." + B64(claims.Replace(FakeBotFramework.AppId, "0b0b0b0b-1111-4222-8333-444455556666", StringComparison.Ordinal)) + "." + parts[2]);
        Add("two-parts", "Bearer " + parts[0] + "." + parts[1]);
        Add("four-parts", "Bearer " + valid + "." + parts[2]);
        var padded = B64(Header(null)) + "==." + B64(claims) + "=";
        Add("segments-padded-and-signed", "Bearer " + padded + "." + Rsa(Signer)(Encoding.ASCII.GetBytes(padded)));
        Add("payload-not-json", "Bearer " + Jws(Header(null), "not json", Rsa(Signer)));
        Add("payload-a-json-array", "Bearer " + Jws(Header(null), "[" + claims + "]", Rsa(Signer)));

        // The Authorization header.
        Add("authorization-missing", null);
        Add("authorization-empty", "");
        Add("scheme-basic", "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("user:password")));
        Add("scheme-lower-case", "bearer " + valid);
        Add("scheme-only", "Bearer");
        Add("bearer-two-spaces", "Bearer  " + valid);
        Add("bearer-tab", "Bearer\t" + valid);
        Add("bearer-trailing-word", "Bearer " + valid + " extra");
        Add("token-without-scheme", valid);
        return cases;
    }

    private static string Header(Action<JsonObject>? edit)
    {
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["x5t"] = Signer, ["kid"] = Signer };
        edit?.Invoke(header);
        return header.ToJsonString();
    }

    private static string Claims(FakeBotFramework framework, long now, Action<JsonObject>? edit)
    {
        var claims = new JsonObject
        {
            ["serviceurl"] = framework.ServiceUrl,
            ["nbf"] = now - 60,
            ["exp"] = now + 3600,
            ["iss"] = FakeBotFramework.Issuer,
            ["aud"] = FakeBotFramework.AppId,
        };
        edit?.Invoke(claims);
        return claims.ToJsonString();
    }

    private static string Jws(string header, string payload, Func<byte[], string> sign)
    {
        var input = B64(header) + "." + B64(payload);
        return input + "." + sign(Encoding.ASCII.GetBytes(input));
    }

    private static Func<byte[], string> Rsa(string kid, HashAlgorithmName? hash = null, RSASignaturePadding? padding = null) =>
        input => Base64Url.EncodeToString(FakeBotFramework.Key(kid).SignData(input, hash ?? HashAlgorithmName.SHA256, padding ?? RSASignaturePadding.Pkcs1));

    private static string B64(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string Flip(string segment) => (segment[0] == 'A' ? "B" : "A") + segment[1..];
}
