using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// A compact JWS (<c>header.payload.signature</c>, RFC 7515) taken apart but not yet trusted: the header and
/// payload as JSON objects, the signing input and the signature bytes. Anything malformed yields null.
/// </summary>
internal sealed class JsonWebToken
{
    private const int MaxLength = 16 * 1024;

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private JsonWebToken(JsonElement header, JsonElement payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonElement Header { get; }

    public JsonElement Payload { get; }

    public byte[] SigningInput { get; }

    public byte[] Signature { get; }

    public string? Algorithm => Header.Str("alg");

    public string? KeyId => Header.Str("kid");

    public static JsonWebToken? TryParse(string compact)
    {
        if (compact.Length > MaxLength)
        {
            return null;
        }
        var parts = compact.Split('.');
        // Unpadded base64url only, as the connector's JWT library requires (RFC 7515 §2): no '=', no '+' or '/'.
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || p.AsSpan().ContainsAnyExcept(Base64UrlAlphabet)))
        {
            return null;
        }
        var header = Object(parts[0]);
        var payload = Object(parts[1]);
        var signature = Decode(parts[2]);
        return header is null || payload is null || signature is null
            ? null
            : new JsonWebToken(header.Value, payload.Value, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);
    }

    /// <summary>RS256, RS384 or RS512 (the algorithms the Bot Framework SDK accepts); anything else is false.</summary>
    public bool VerifySignature(RSA key)
    {
        var hash = Algorithm switch
        {
            "RS256" => HashAlgorithmName.SHA256,
            "RS384" => HashAlgorithmName.SHA384,
            "RS512" => HashAlgorithmName.SHA512,
            _ => default,
        };
        return hash != default && key.VerifyData(SigningInput, Signature, hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>A claim by its exact name (<c>serviceurl</c>, not <c>serviceUrl</c>: the connector reads claims by exact name).</summary>
    public JsonElement? Claim(string name) => Payload.TryGetProperty(name, out var value) ? value : null;

    public string? StringClaim(string name) => Claim(name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public DateTimeOffset? TimeClaim(string name) =>
        Claim(name) is { ValueKind: JsonValueKind.Number } v && v.TryGetDouble(out var seconds) && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;

    internal static byte[]? Decode(string base64Url)
    {
        try
        {
            return Base64Url.DecodeFromChars(base64Url);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static JsonElement? Object(string part)
    {
        if (Decode(part) is not { } bytes)
        {
            return null;
        }
        try
        {
            // A repeated claim is refused: the connector would read the last one, a naive reader the first.
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
