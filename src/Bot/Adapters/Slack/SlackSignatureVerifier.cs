using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>What a signature check found; <see cref="Valid"/> or the reason the request is refused.</summary>
internal enum SlackSignatureCheck
{
    Valid,
    MissingSignature,
    MissingTimestamp,
    BadTimestamp,
    StaleTimestamp,
    BadSignature,
}

/// <summary>
/// Slack's request signing, v0: <c>X-Slack-Signature = "v0=" + hex(HMAC-SHA256(secret, "v0:" + X-Slack-Request-Timestamp + ":" + raw body))</c>,
/// compared in constant time, with the timestamp within five minutes of now in either direction. It works on the
/// raw bytes as received: nothing may be parsed before it says <see cref="SlackSignatureCheck.Valid"/>.
/// </summary>
internal sealed class SlackSignatureVerifier(string signingSecret, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const string Version = "v0";

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private readonly byte[] _key = Encoding.UTF8.GetBytes(signingSecret);

    public SlackSignatureCheck Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body) => Verify(timestamp, signature, body, out _);

    /// <summary>As <see cref="Verify(string?, string?, ReadOnlySpan{byte})"/>; when valid, <paramref name="mac"/> is the MAC the request carries (the replay key).</summary>
    public SlackSignatureCheck Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body, out byte[] mac)
    {
        mac = [];
        if (string.IsNullOrEmpty(signature))
        {
            return SlackSignatureCheck.MissingSignature;
        }
        if (string.IsNullOrEmpty(timestamp))
        {
            return SlackSignatureCheck.MissingTimestamp;
        }
        // Decimal digits without a leading zero: Bolt computes the MAC over the timestamp re-spelled as the number it reads,
        // so for any other spelling (0…, +…, ….0, 1.7e9, 0x…) it would check a text other than the one sent.
        if (timestamp.Length > 12 || timestamp[0] == '0' || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SlackSignatureCheck.BadTimestamp;
        }
        var skew = time.GetUtcNow().ToUnixTimeSeconds() - seconds;
        if (Math.Abs(skew) > (long)Window.TotalSeconds)
        {
            return SlackSignatureCheck.StaleTimestamp;
        }
        Span<byte> presented = stackalloc byte[32];
        if (!TryParseSignature(signature, presented))
        {
            return SlackSignatureCheck.BadSignature;
        }
        Span<byte> expected = stackalloc byte[32];
        Compute(timestamp, body, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return SlackSignatureCheck.BadSignature;
        }
        mac = expected.ToArray();
        return SlackSignatureCheck.Valid;
    }

    /// <summary>The header value Slack would send for this timestamp and body (tests use it).</summary>
    public string Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[32];
        Compute(timestamp, body, mac);
        return $"{Version}={Convert.ToHexStringLower(mac)}";
    }

    private void Compute(string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{Version}:{timestamp}:"));
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    private static bool TryParseSignature(string signature, Span<byte> destination)
    {
        // "v0=" and 64 lower-case hex digits, as Slack sends them and Bolt compares them; anything else (base64, another
        // version, wrong length, upper-case hex) is simply not a match, so one MAC has one spelling.
        if (signature.Length != 3 + 64 || !signature.StartsWith(Version + "=", StringComparison.Ordinal) || signature.AsSpan(3).ContainsAnyExcept(LowerHex))
        {
            return false;
        }
        return Convert.FromHexString(signature.AsSpan(3), destination, out _, out var written) == System.Buffers.OperationStatus.Done && written == 32;
    }

    public static string Reason(SlackSignatureCheck check) => check switch
    {
        SlackSignatureCheck.MissingSignature => "missing-signature",
        SlackSignatureCheck.MissingTimestamp => "missing-timestamp",
        SlackSignatureCheck.BadTimestamp => "bad-timestamp",
        SlackSignatureCheck.StaleTimestamp => "stale-timestamp",
        SlackSignatureCheck.BadSignature => "bad-signature",
        _ => "valid",
    };
}
