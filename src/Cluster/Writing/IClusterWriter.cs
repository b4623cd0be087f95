using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Cluster;

namespace MeshBot.Cluster.Writing;

/// <summary>
/// What remediation may do to a cluster, and the one read it needs to plan idempotently. Implemented by the live
/// API (<see cref="KubernetesWriter"/>) and by the demo's in-memory cluster. Every write takes <c>dryRun</c>.
/// </summary>
public interface IClusterWriter
{
    /// <summary>The current object, or null when it does not exist.</summary>
    Task<JsonElement?> GetAsync(ResourceKind kind, string? ns, string name, CancellationToken cancellationToken = default);

    Task<JsonElement> CreateAsync(ResourceKind kind, string? ns, JsonObject body, bool dryRun, CancellationToken cancellationToken = default);

    Task<JsonElement> PatchAsync(ResourceKind kind, string? ns, string name, PatchType type, string patch, bool dryRun, CancellationToken cancellationToken = default);

    /// <summary><c>kubectl rollout restart</c> of a Deployment, StatefulSet or DaemonSet.</summary>
    Task<JsonElement> RolloutRestartAsync(ResourceKind kind, string ns, string name, DateTimeOffset at, bool dryRun, CancellationToken cancellationToken = default);
}
