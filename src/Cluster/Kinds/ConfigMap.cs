using System.Collections.Concurrent;
using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

public sealed class ConfigMap(JsonElement raw) : KubeObject(ResourceKinds.ConfigMap, raw)
{
    /// <summary>The per-namespace root certificate bundle istiod distributes.</summary>
    public const string IstioRootCertName = "istio-ca-root-cert";

    private readonly ConcurrentDictionary<string, string> _withoutWhitespace = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Data { get; } = raw.StringMap("data");

    /// <summary>
    /// A data value with all whitespace removed, computed once per object: comparing a PEM bundle's base64 body
    /// across a thousand namespaces then costs one substring search each, not a re-parse per diagnosis.
    /// </summary>
    public string WithoutWhitespace(string key) =>
        _withoutWhitespace.GetOrAdd(key, k => Data.TryGetValue(k, out var value) ? string.Concat(value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) : "");
}
