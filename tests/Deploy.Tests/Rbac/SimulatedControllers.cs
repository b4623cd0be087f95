using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Cluster;
using MeshBot.Cluster.Writing;
using Emulator = MeshBot.KubernetesEmulator.KubernetesEmulator;

namespace MeshBot.Deploy.Tests.Rbac;

/// <summary>
/// MeshBot's real <see cref="KubernetesWriter"/>, plus what the cluster's workload controllers would do after each
/// applied write: mark the rollout of a patched or restarted Deployment/StatefulSet/DaemonSet as complete (observed
/// generation, updated and ready replicas, as each controller reports them). The controllers' part goes straight into
/// the emulator's store, so it never appears among MeshBot's requests.
/// </summary>
internal sealed class SimulatedControllers(KubernetesWriter writer, Emulator emulator) : IClusterWriter
{
    public Task<JsonElement?> GetAsync(ResourceKind kind, string? ns, string name, CancellationToken cancellationToken = default) =>
        writer.GetAsync(kind, ns, name, cancellationToken);

    public Task<JsonElement> CreateAsync(ResourceKind kind, string? ns, JsonObject body, bool dryRun, CancellationToken cancellationToken = default) =>
        writer.CreateAsync(kind, ns, body, dryRun, cancellationToken);

    public async Task<JsonElement> PatchAsync(ResourceKind kind, string? ns, string name, PatchType type, string patch, bool dryRun, CancellationToken cancellationToken = default)
    {
        var result = await writer.PatchAsync(kind, ns, name, type, patch, dryRun, cancellationToken);
        RollOut(kind, ns, name, dryRun);
        return result;
    }

    public async Task<JsonElement> RolloutRestartAsync(ResourceKind kind, string ns, string name, DateTimeOffset at, bool dryRun, CancellationToken cancellationToken = default)
    {
        var result = await writer.RolloutRestartAsync(kind, ns, name, at, dryRun, cancellationToken);
        RollOut(kind, ns, name, dryRun);
        return result;
    }

    private void RollOut(ResourceKind kind, string? ns, string name, bool dryRun)
    {
        if (dryRun || kind.Kind is not ("Deployment" or "StatefulSet" or "DaemonSet") || emulator.Get(kind, ns, name) is not { } obj)
        {
            return;
        }
        var status = obj["status"] as JsonObject ?? [];
        obj["status"] = status;
        status["observedGeneration"] = obj["metadata"]?["generation"]?.DeepClone();
        if (kind.Kind == "DaemonSet")
        {
            var scheduled = status["desiredNumberScheduled"]?.GetValue<long>() ?? 1;
            status["currentNumberScheduled"] = scheduled;
            status["updatedNumberScheduled"] = scheduled;
            status["numberReady"] = scheduled;
            status["numberAvailable"] = scheduled;
        }
        else
        {
            var replicas = obj["spec"]?["replicas"]?.GetValue<long>() ?? 1;
            status["replicas"] = replicas;
            status["updatedReplicas"] = replicas;
            status["readyReplicas"] = replicas;
            status["availableReplicas"] = replicas;
        }
        (obj["metadata"] as JsonObject)?.Remove("resourceVersion"); // a status write bumps it, as on a real server
        emulator.Load(obj.ToJsonString());
    }
}
