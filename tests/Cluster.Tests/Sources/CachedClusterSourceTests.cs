using MeshBot.Cluster;
using MeshBot.Cluster.Sources;

namespace MeshBot.Cluster.Tests.Sources;

public sealed class CachedClusterSourceTests
{
    private sealed class CountingSource : IClusterSource
    {
        public int Lists;
        public TaskCompletionSource Gate { get; } = new();

        public string Description => "counting";

        public async Task<ListResult> ListAsync(ResourceKind kind, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Lists);
            await Gate.Task;
            return new ListResult(kind, ReadStatus.Ok, []);
        }

        public Task<LogResult> ReadLogAsync(ContainerRef container, int tailLines, CancellationToken cancellationToken) =>
            Task.FromResult(new LogResult(container, ReadStatus.Ok, []));
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task ListAsync_ConcurrentDiagnoses_ShareOneListInFlight()
    {
        var inner = new CountingSource();
        var cached = new CachedClusterSource(inner, TimeSpan.FromSeconds(5), new Clock());

        var lists = Enumerable.Range(0, 20).Select(_ => cached.ListAsync(ResourceKinds.Pod, CancellationToken.None)).ToArray();
        inner.Gate.SetResult();
        await Task.WhenAll(lists);

        Assert.Equal(1, inner.Lists);
    }

    [Fact]
    public async Task ListAsync_AfterTheTtlOrInvalidate_ListsAgain()
    {
        var inner = new CountingSource();
        inner.Gate.SetResult();
        var clock = new Clock();
        var cached = new CachedClusterSource(inner, TimeSpan.FromSeconds(5), clock);

        await cached.ListAsync(ResourceKinds.Pod, CancellationToken.None);
        clock.Now += TimeSpan.FromSeconds(4);
        await cached.ListAsync(ResourceKinds.Pod, CancellationToken.None);
        clock.Now += TimeSpan.FromSeconds(2);
        await cached.ListAsync(ResourceKinds.Pod, CancellationToken.None);
        cached.Invalidate();
        await cached.ListAsync(ResourceKinds.Pod, CancellationToken.None);

        Assert.Equal(3, inner.Lists);
    }
}
