using System.Text.Json;

namespace MeshBot.Diagnosis.Cluster.Kinds;

public sealed class Namespace(JsonElement raw) : KubeObject(ResourceKinds.Namespace, raw);
