using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Cluster;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Tests.Incidents;

/// <summary>
/// A cluster writer whose Nth real (non-dry-run) write fails with a 500, or never returns (a process that dies
/// there), around the demo cluster. Everything else passes through.
/// </summary>
internal sealed class FailingWriter(IClusterWriter inner, int failOnWrite, bool hang = false) : IClusterWriter
{
    private int _writes;

    public Task<JsonElement?> GetAsync(ResourceKind kind, string? ns, string name, CancellationToken cancellationToken = default) => inner.GetAsync(kind, ns, name, cancellationToken);

    public async Task<JsonElement> CreateAsync(ResourceKind kind, string? ns, JsonObject body, bool dryRun, CancellationToken cancellationToken = default)
    {
        await Gate(dryRun, cancellationToken);
        return await inner.CreateAsync(kind, ns, body, dryRun, cancellationToken);
    }

    public async Task<JsonElement> PatchAsync(ResourceKind kind, string? ns, string name, PatchType type, string patch, bool dryRun, CancellationToken cancellationToken = default)
    {
        await Gate(dryRun, cancellationToken);
        return await inner.PatchAsync(kind, ns, name, type, patch, dryRun, cancellationToken);
    }

    public async Task<JsonElement> RolloutRestartAsync(ResourceKind kind, string ns, string name, DateTimeOffset at, bool dryRun, CancellationToken cancellationToken = default)
    {
        await Gate(dryRun, cancellationToken);
        return await inner.RolloutRestartAsync(kind, ns, name, at, dryRun, cancellationToken);
    }

    private async Task Gate(bool dryRun, CancellationToken cancellationToken)
    {
        if (dryRun || Interlocked.Increment(ref _writes) != failOnWrite)
        {
            return;
        }
        if (hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        throw new KubernetesApiException(HttpStatusCode.InternalServerError, "InternalError", "500 InternalError: injected failure");
    }
}
