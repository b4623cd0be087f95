using System.Text.Json;

namespace MeshBot.Cluster.Kinds;

public sealed class ServiceAccount(JsonElement raw) : KubeObject(ResourceKinds.ServiceAccount, raw);
