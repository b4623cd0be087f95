using System.Text.Json;

namespace MeshBot.Cluster.Kinds;

public sealed class Namespace(JsonElement raw) : KubeObject(ResourceKinds.Namespace, raw);
