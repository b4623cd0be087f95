using System.Text.Json;
using MeshBot.Diagnosis.Cluster.Json;

namespace MeshBot.Diagnosis.Cluster.Kinds;

public sealed class ConfigMap(JsonElement raw) : KubeObject(ResourceKinds.ConfigMap, raw)
{
    /// <summary>The per-namespace root certificate bundle istiod distributes.</summary>
    public const string IstioRootCertName = "istio-ca-root-cert";

    public IReadOnlyDictionary<string, string> Data { get; } = raw.StringMap("data");
}
