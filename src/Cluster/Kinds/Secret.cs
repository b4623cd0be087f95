using System.Text;
using System.Text.Json;
using MeshBot.Cluster.Json;
using MeshBot.Cluster.Certificates;

namespace MeshBot.Cluster.Kinds;

/// <summary>
/// A Secret reduced to its certificates. Every entry is decoded once here; only its PEM
/// <c>CERTIFICATE</c> blocks are kept, and everything else (private keys, tokens, passwords) is
/// dropped before the object exists, so no later code can print it. <see cref="KubeObject.Raw"/>
/// is the same reduced copy.
/// </summary>
public sealed class Secret : KubeObject
{
    public const string IstioCaSecretName = "istio-ca-secret";
    public const string PluggedCaSecretName = "cacerts";

    private readonly IReadOnlyDictionary<string, string> _withheld;

    private Secret(JsonElement sanitized, IReadOnlyDictionary<string, string> certificates, IReadOnlyDictionary<string, string> withheld)
        : base(ResourceKinds.Secret, sanitized)
    {
        Certificates = certificates;
        _withheld = withheld;
        WithheldKeys = [.. withheld.Keys];
        Type = sanitized.Str("type") ?? "Opaque";
    }

    public string Type { get; }

    /// <summary>Data key → PEM text holding only the CERTIFICATE blocks of that entry.</summary>
    public IReadOnlyDictionary<string, string> Certificates { get; }

    /// <summary>Names of entries that held no certificate (keys, tokens); their values are never kept.</summary>
    public IReadOnlyList<string> WithheldKeys { get; }

    public bool Has(string key) => Certificates.ContainsKey(key) || _withheld.ContainsKey(key);

    /// <summary>
    /// Why an entry holds no certificate, in words that carry nothing of its value ("is not valid base64", "is empty",
    /// "holds no PEM CERTIFICATE block"); null when it holds one or is absent. A key entry holds none by design.
    /// </summary>
    public string? WhyNoCertificate(string key) => _withheld.GetValueOrDefault(key);

    public static Secret From(JsonElement raw)
    {
        var certificates = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var withheld = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in raw.Properties("data"))
        {
            var base64 = entry.Value.GetString();
            if (Decode(base64) is { } text)
            {
                Sort(entry.Name, text, certificates, withheld);
            }
            else
            {
                withheld[entry.Name] = "is not valid base64";
            }
        }
        foreach (var entry in raw.Properties("stringData"))
        {
            Sort(entry.Name, entry.Value.GetString() ?? "", certificates, withheld);
        }
        return new Secret(Sanitize(raw, certificates), certificates, withheld);
    }

    private static void Sort(string key, string value, IDictionary<string, string> certificates, IDictionary<string, string> withheld)
    {
        var pem = PemBlocks.Certificates(value);
        if (pem.Length > 0)
        {
            certificates[key] = pem;
        }
        else
        {
            withheld[key] = string.IsNullOrWhiteSpace(value) ? "is empty"
                : value.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) ? "holds a damaged PEM CERTIFICATE block"
                : "holds no PEM CERTIFICATE block";
        }
    }

    // Null when the text is not base64; JSON null reads as empty, as the API server stores it.
    private static string? Decode(string? base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64 ?? ""));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Rebuilds the object from scratch instead of deleting fields, so that nothing unknown (a
    // last-applied-configuration annotation, managedFields, stringData) can carry key bytes through.
    private static JsonElement Sanitize(JsonElement raw, IReadOnlyDictionary<string, string> certificates)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", raw.Str("apiVersion") ?? "v1");
            writer.WriteString("kind", "Secret");
            writer.WriteStartObject("metadata");
            foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
            {
                if (raw.Str("metadata", field) is { } value)
                {
                    writer.WriteString(field, value);
                }
            }
            WriteMap(writer, "labels", raw.StringMap("metadata", "labels"));
            WriteMap(writer, "annotations", raw.StringMap("metadata", "annotations")
                .Where(a => a.Key != "kubectl.kubernetes.io/last-applied-configuration")
                .ToDictionary());
            writer.WriteEndObject();
            writer.WriteString("type", raw.Str("type") ?? "Opaque");
            WriteMap(writer, "data", certificates.ToDictionary(c => c.Key, c => Convert.ToBase64String(Encoding.UTF8.GetBytes(c.Value))));
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement;
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }
        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }
        writer.WriteEndObject();
    }
}
