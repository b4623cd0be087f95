using System.Collections.Concurrent;

namespace MeshBot.Cluster.Sources;

/// <summary>
/// A short-lived cache in front of a cluster source, shared by concurrent diagnoses of the same cluster: within
/// <c>ttl</c>, every diagnosis reuses one list per kind (and joins a list already in flight) instead of issuing its
/// own. Logs are not cached. <see cref="Invalidate"/> after a write, so verification never reads a stale cluster.
/// </summary>
public sealed class CachedClusterSource(IClusterSource inner, TimeSpan ttl, TimeProvider time) : IClusterSource
{
    private readonly ConcurrentDictionary<ResourceKind, (DateTimeOffset At, Lazy<Task<ListResult>> List)> _lists = new();

    public string Description => inner.Description;

    public Task<ListResult> ListAsync(ResourceKind kind, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entry = _lists.AddOrUpdate(
            kind,
            k => (now, Fetch(k)),
            (k, cached) => now - cached.At < ttl && !cached.List.Value.IsFaulted && !cached.List.Value.IsCanceled ? cached : (now, Fetch(k)));
        return entry.List.Value.WaitAsync(cancellationToken);
    }

    public Task<LogResult> ReadLogAsync(ContainerRef container, int tailLines, CancellationToken cancellationToken) =>
        inner.ReadLogAsync(container, tailLines, cancellationToken);

    public void Invalidate() => _lists.Clear();

    // The fetch must not be cancelled by the first caller's token: others may be waiting on it.
    private Lazy<Task<ListResult>> Fetch(ResourceKind kind) => new(() => inner.ListAsync(kind, CancellationToken.None));
}
