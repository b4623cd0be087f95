using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

public sealed class RequestAuthentication(JsonElement raw) : KubeObject(ResourceKinds.RequestAuthentication, raw)
{
    public IReadOnlyDictionary<string, string> Selector { get; } = raw.StringMap("spec", "selector", "matchLabels");

    public IReadOnlyList<string> Issuers { get; } = raw.Items("spec", "jwtRules").Select(r => r.Str("issuer")).OfType<string>().ToArray();
}
