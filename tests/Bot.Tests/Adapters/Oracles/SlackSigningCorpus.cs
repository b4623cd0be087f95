using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MeshBot.Bot.Tests.Adapters.Slack;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>One generated request: its name (<c>ENDPOINT/KIND</c>) and its raw bytes.</summary>
internal sealed record SlackSigningCase(string Id, string Kind, byte[] Request);

/// <summary>
/// Requests to each Slack endpoint, valid and with each signed field tampered with: the body (a byte, truncation, empty,
/// not UTF-8), the timestamp (edges of the five-minute window both ways, spellings of the same number), the signature
/// (version prefix, hex case, truncation, extra parts, whitespace) and the headers (missing, duplicated, renamed).
/// Every case's body is its own, so that a replay happens only where a case is one.
/// </summary>
internal static class SlackSigningCorpus
{
    public const string Secret = SlackTestHost.SigningSecret;

    /// <summary>Cases where Bolt accepts and MeshBot deliberately refuses (README, "Slack"): a replay, a timestamp more than five
    /// minutes ahead, a MAC followed by more <c>=</c> parts, a timestamp spelled otherwise than as its decimal number
    /// and signed as that number, a body that is not UTF-8 signed as Bolt decodes it.</summary>
    public static readonly string[] Stricter =
    [
        "valid-replayed", "future-301s", "future-one-day", "signature-trailing-equals", "signature-trailing-part",
        "timestamp-leading-zero-signed-as-number", "timestamp-plus-sign-signed-as-number", "timestamp-decimal-signed-as-number",
        "timestamp-exponent-signed-as-number", "timestamp-hex-signed-as-number", "non-utf8-body-signed-as-bolt-decodes",
    ];

    private const string Form = "application/x-www-form-urlencoded";
    private static readonly string[] Endpoints = ["/slack/commands", "/slack/interactions", "/slack/events"];

    public static IReadOnlyList<SlackSigningCase> Generate(long now, string responseUrl) =>
        [.. Endpoints.SelectMany((endpoint, index) => For(endpoint, index, now, responseUrl))];

    private static IEnumerable<SlackSigningCase> For(string endpoint, int index, long now, string responseUrl)
    {
        var contentType = endpoint == "/slack/events" ? "application/json" : Form;
        var id = endpoint["/slack/".Length..];
        string T(long offset) => (now + offset).ToString(CultureInfo.InvariantCulture);
        byte[] B(string kind) => Body(endpoint, $"{id}-{kind}", responseUrl);
        SlackSigningCase Case(string kind, IEnumerable<(string, string)> headers, byte[] body) => new($"{id}/{kind}", kind, RawHttp.Post(endpoint, headers, body));
        IEnumerable<(string, string)> Headers(string? timestamp, string? signature, string type)
        {
            yield return ("Content-Type", type);
            if (timestamp is not null)
            {
                yield return ("X-Slack-Request-Timestamp", timestamp);
            }
            if (signature is not null)
            {
                yield return ("X-Slack-Signature", signature);
            }
        }
        SlackSigningCase Signed(string kind, string timestamp, byte[]? body = null, string? signedTimestamp = null, byte[]? signedBody = null, Func<string, string>? spell = null, string? type = null)
        {
            body ??= B(kind);
            var signature = Sign(Secret, signedTimestamp ?? timestamp, signedBody ?? body);
            return Case(kind, Headers(timestamp, spell is null ? signature : spell(signature), type ?? contentType), body);
        }

        var valid = Signed("valid", T(0));
        yield return valid;
        yield return valid with { Id = $"{id}/valid-replayed", Kind = "valid-replayed" };

        // The body.
        foreach (var (kind, edit) in new (string, Func<byte[], byte[]>)[]
        {
            ("body-first-byte-flipped", b => Flip(b, 0)),
            ("body-middle-byte-flipped", b => Flip(b, b.Length / 2)),
            ("body-last-byte-flipped", b => Flip(b, b.Length - 1)),
            ("body-byte-appended", b => [.. b, (byte)' ']),
            ("body-truncated-by-one", b => b[..^1]),
            ("body-truncated-to-half", b => b[..(b.Length / 2)]),
            ("body-emptied", _ => []),
        })
        {
            var body = B(kind);
            yield return Signed(kind, T(0), edit(body), signedBody: body);
        }
        yield return Signed("empty-body-signed", T(-1 - index), []);
        yield return Signed("non-utf8-body-signed-raw", T(0), NotUtf8(B("non-utf8-body-signed-raw"), endpoint));
        var decoded = NotUtf8(B("non-utf8-body-signed-as-bolt-decodes"), endpoint);
        yield return Signed("non-utf8-body-signed-as-bolt-decodes", T(0), decoded, signedBody: Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(decoded)));

        // The timestamp: signed over one value, sent with another; the edges of the window; not a number.
        yield return Signed("timestamp-plus-one", T(1), signedTimestamp: T(0));
        yield return Signed("timestamp-minus-one", T(-1), signedTimestamp: T(0));
        yield return Signed("timestamp-a-minute-off", T(-60), signedTimestamp: T(0));
        foreach (var (kind, offset) in new[] { ("stale-299s", -299L), ("stale-300s", -300L), ("stale-301s", -301L), ("stale-600s", -600L), ("stale-one-day", -86_400L),
                                               ("future-299s", 299L), ("future-300s", 300L), ("future-301s", 301L), ("future-one-day", 86_400L) })
        {
            yield return Signed(kind, T(offset));
        }
        yield return Signed("timestamp-zero", "0");
        yield return Signed("timestamp-negative", "-" + T(0));
        yield return Signed("timestamp-not-a-number", "yesterday");
        yield return Signed("timestamp-empty", "");
        yield return Case("timestamp-missing", Headers(null, Sign(Secret, T(0), B("timestamp-missing")), contentType), B("timestamp-missing"));
        yield return Case("signature-missing", Headers(T(0), null, contentType), B("signature-missing"));
        yield return Case("both-missing", Headers(null, null, contentType), B("both-missing"));
        var hex = now.ToString("x", CultureInfo.InvariantCulture);
        var exponent = T(0).Insert(1, ".") + "e" + (T(0).Length - 1).ToString(CultureInfo.InvariantCulture);
        foreach (var (kind, spelled) in new[] { ("leading-zero", "0" + T(0)), ("plus-sign", "+" + T(0)), ("decimal", T(0) + ".0"), ("exponent", exponent), ("hex", "0x" + hex) })
        {
            yield return Signed($"timestamp-{kind}-signed-as-sent", spelled);
            yield return Signed($"timestamp-{kind}-signed-as-number", spelled, signedTimestamp: T(0));
        }
        yield return Case("timestamp-padded-with-spaces", Headers("   " + T(0) + "   ", Sign(Secret, T(0), B("timestamp-padded-with-spaces")), contentType), B("timestamp-padded-with-spaces"));

        // The signature.
        foreach (var (kind, spell) in new (string, Func<string, string>)[]
        {
            ("signature-padded-with-spaces", s => "  " + s + "  "),
            ("signature-padded-with-tabs", s => "\t" + s + "\t"),
            ("signature-inner-space", s => "v0= " + s[3..]),
            ("version-v1", s => "v1" + s[2..]),
            ("version-upper-case", s => "V0" + s[2..]),
            ("version-missing", s => s[3..]),
            ("version-colon", s => "v0:" + s[3..]),
            ("version-double-equals", s => "v0==" + s[3..]),
            ("signature-trailing-equals", s => s + "="),
            ("signature-trailing-part", s => s + "=v0"),
            ("hex-upper-case", s => "v0=" + s[3..].ToUpperInvariant()),
            ("hex-mixed-case", s => "v0=" + MixedCase(s[3..])),
            ("signature-truncated-by-one", s => s[..^1]),
            ("signature-truncated-to-half", s => s[..35]),
            ("signature-prefix-only", _ => "v0="),
            ("signature-extra-digit", s => s + "0"),
            ("signature-base64", s => "v0=" + Convert.ToBase64String(Convert.FromHexString(s[3..]))),
            ("signature-empty", _ => ""),
        })
        {
            yield return Signed(kind, T(0), spell: spell);
        }
        yield return Case("wrong-secret", Headers(T(0), Sign("0000000000000000abcd99yyyzzz85a5", T(0), B("wrong-secret")), contentType), B("wrong-secret"));
        yield return Case("signature-of-another-body", Headers(T(0), Sign(Secret, T(0), B("valid")), contentType), B("signature-of-another-body"));

        // The headers: duplicated, renamed, the wrong media type.
        var twice = B("signature-twice");
        var signature = Sign(Secret, T(0), twice);
        yield return Case("signature-twice", [("Content-Type", contentType), ("X-Slack-Request-Timestamp", T(0)), ("X-Slack-Signature", signature), ("X-Slack-Signature", signature)], twice);
        var wrongFirst = B("signature-twice-wrong-first");
        yield return Case("signature-twice-wrong-first", [("Content-Type", contentType), ("X-Slack-Request-Timestamp", T(0)), ("X-Slack-Signature", "v0=" + new string('0', 64)), ("X-Slack-Signature", Sign(Secret, T(0), wrongFirst))], wrongFirst);
        var timestampTwice = B("timestamp-twice");
        yield return Case("timestamp-twice", [("Content-Type", contentType), ("X-Slack-Request-Timestamp", T(0)), ("X-Slack-Request-Timestamp", T(0)), ("X-Slack-Signature", Sign(Secret, T(0), timestampTwice))], timestampTwice);
        var lower = B("header-names-lower-case");
        yield return Case("header-names-lower-case", [("content-type", contentType), ("x-slack-request-timestamp", T(0)), ("x-slack-signature", Sign(Secret, T(0), lower))], lower);
        var upper = B("header-names-upper-case");
        yield return Case("header-names-upper-case", [("CONTENT-TYPE", contentType), ("X-SLACK-REQUEST-TIMESTAMP", T(0)), ("X-SLACK-SIGNATURE", Sign(Secret, T(0), upper))], upper);
        yield return Signed("wrong-media-type-signed", T(0), type: endpoint == "/slack/events" ? Form : "application/json");

        // Slack's ssl_check: a form POST Bolt answers without a signature (and without acting on anything else in it).
        yield return Case("ssl-check-unsigned", [("Content-Type", Form)], Encoding.ASCII.GetBytes($"ssl_check=1&token=x{id}"));
        yield return Case("ssl-check-with-command-unsigned", [("Content-Type", Form)], Encoding.ASCII.GetBytes($"ssl_check=1&command=%2Fmeshbot&text=diagnose+payments%2Fapi&user_id=UALICE&channel_id=CTRIAGE1&trigger_id={id}"));
        yield return Case("ssl-check-zero-unsigned", [("Content-Type", Form)], "ssl_check=0&token=x"u8.ToArray());
        yield return Case("ssl-check-twice-unsigned", [("Content-Type", Form)], "ssl_check=1&ssl_check=1"u8.ToArray());
        yield return Case("ssl-check-with-charset-unsigned", [("Content-Type", Form + "; charset=utf-8")], "ssl_check=1&token=x"u8.ToArray());
        yield return Case("ssl-check-as-json-unsigned", [("Content-Type", "application/json")], "ssl_check=1&token=x"u8.ToArray());
    }

    public static string Sign(string secret, string timestamp, byte[] body) => SlackSigning.Sign(secret, timestamp, body);

    /// <summary>A genuine request for the endpoint (help, a button press, a URL check), unique by <paramref name="tag"/>.</summary>
    private static byte[] Body(string endpoint, string tag, string responseUrl) => Encoding.UTF8.GetBytes(endpoint switch
    {
        "/slack/commands" => SlackSigning.Form(("token", "xyzz0WbapA4vBCDEFasx0q6G"), ("team_id", "T111"), ("channel_id", SlackTestHost.Channel), ("user_id", "UCAROL"),
            ("command", "/meshbot"), ("text", "help"), ("response_url", responseUrl), ("trigger_id", tag)),
        "/slack/interactions" => SlackSigning.Form(("payload", SlackTestHost.BlockActions("approve:inc-0000dead:p1", "UALICE", responseUrl, messageTs: "1700000000.000100").Replace("=qXel", tag, StringComparison.Ordinal))),
        _ => $$"""{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"{{tag}}","type":"url_verification"}""",
    });

    /// <summary>The body with a Latin-1 'é' (0xE9, not UTF-8) in a form value or inside the JSON's challenge string.</summary>
    private static byte[] NotUtf8(byte[] body, string endpoint)
    {
        if (endpoint != "/slack/events")
        {
            return [.. body, .. "&note=caf"u8, 0xE9];
        }
        var at = body.AsSpan().IndexOf("\",\"type\""u8);
        return [.. body[..at], 0xE9, .. body[at..]];
    }

    private static byte[] Flip(byte[] body, int at)
    {
        var copy = body.ToArray();
        copy[at] ^= 0x01;
        return copy;
    }

    private static string MixedCase(string hex)
    {
        var at = hex.IndexOfAny(['a', 'b', 'c', 'd', 'e', 'f']);
        return at < 0 ? "A" + hex[1..] : hex[..at] + char.ToUpperInvariant(hex[at]) + hex[(at + 1)..];
    }
}
