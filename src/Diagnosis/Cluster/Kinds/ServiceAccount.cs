using System.Text.Json;

namespace MeshBot.Diagnosis.Cluster.Kinds;

public sealed class ServiceAccount(JsonElement raw) : KubeObject(ResourceKinds.ServiceAccount, raw);
