using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.Testing;

namespace MeshBot.Cluster.Tests.Sources;

/// <summary>
/// A snapshot reads regular files only, each under the size limit, and never leaves its directory: a FIFO (as an object
/// file or a log), a file over the limit or a symbolic link is refused in one line within seconds, and a log path made
/// of names that climb out of <c>logs/</c> is not read.
/// </summary>
public sealed class SnapshotSourceTests : IDisposable
{
    // Generous: a refusal takes milliseconds; a reader blocked on a FIFO would never return.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meshbot-source-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string relative) => Path.Combine(_dir.FullName, relative);

    private void Write(string relative, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), content);
    }

    private static async Task<SnapshotException> RefusedAsync(Func<Task> read)
    {
        var error = await Assert.ThrowsAsync<SnapshotException>(() => Task.Run(read).WaitAsync(Patience));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public async Task Load_FifoAsTheSnapshotFile_RefusedInOneLine()
    {
        HostileFiles.Fifo(PathOf("cluster.yaml"));

        var error = await RefusedAsync(() => ClusterState.LoadAsync(new SnapshotSource(PathOf("cluster.yaml"))));

        Assert.Equal($"{PathOf("cluster.yaml")}: a FIFO, not a regular file", error.Message);
    }

    [Fact]
    public async Task Load_FifoInTheSnapshotDirectory_RefusedInOneLine()
    {
        Write("namespaces.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n");
        HostileFiles.Fifo(PathOf("pods.json"));

        var error = await RefusedAsync(() => ClusterState.LoadAsync(new SnapshotSource(_dir.FullName)));

        Assert.Equal($"{PathOf("pods.json")}: a FIFO, not a regular file", error.Message);
    }

    [Fact]
    public async Task ReadLogAsync_FifoAsTheLog_RefusedInOneLine()
    {
        Write("pods.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: api-1, namespace: payments}\n");
        HostileFiles.Fifo(PathOf("logs/payments/api-1/istio-proxy.log"));
        var source = new SnapshotSource(_dir.FullName);

        var error = await RefusedAsync(() => source.ReadLogAsync(new ContainerRef("payments", "api-1", "istio-proxy"), 200, CancellationToken.None));

        Assert.Equal($"{PathOf("logs/payments/api-1/istio-proxy.log")}: a FIFO, not a regular file", error.Message);
    }

    [Fact]
    public async Task Load_SparseFileOverTheLimit_RefusedInOneLineNamingTheLimit()
    {
        HostileFiles.Sparse(PathOf("pods.yaml"), 257L * 1024 * 1024);

        var error = await RefusedAsync(() => ClusterState.LoadAsync(new SnapshotSource(_dir.FullName)));

        Assert.Equal($"{PathOf("pods.yaml")}: 257 MiB, over the limit of 256 MiB for one snapshot file", error.Message);
    }

    [Fact]
    public async Task Load_SymbolicLinkOutOfTheSnapshot_RefusedInOneLine()
    {
        var outside = Path.Combine(_dir.FullName, "elsewhere.txt");
        File.WriteAllText(outside, "apiVersion: v1\nkind: Namespace\nmetadata: {name: elsewhere}\n");
        Directory.CreateDirectory(PathOf("bundle"));
        File.CreateSymbolicLink(PathOf("bundle/namespaces.yaml"), outside);

        var error = await RefusedAsync(() => ClusterState.LoadAsync(new SnapshotSource(PathOf("bundle"))));

        Assert.Equal($"{PathOf("bundle/namespaces.yaml")}: a symbolic link, not a regular file", error.Message);
    }

    [Fact]
    public async Task Load_TheManifestAsTheSnapshotFile_RefusedInOneLine()
    {
        Write("meshbot-snapshot.json", """{"apiVersion":"meshbot.snapshot/v1","kind":"SnapshotManifest","kinds":[]}""");

        var error = await RefusedAsync(() => ClusterState.LoadAsync(new SnapshotSource(PathOf("meshbot-snapshot.json"))));

        Assert.Equal($"{PathOf("meshbot-snapshot.json")}: the manifest of a snapshot, not a snapshot: pass its directory", error.Message);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""", "not a meshbot snapshot manifest (apiVersion meshbot.snapshot/v1, kind SnapshotManifest)")]
    [InlineData("""{"apiVersion":"meshbot.snapshot/v1","kind":"SnapshotManifest","kinds":[{"apiVersion":"v1","kind":"Pod","status":"partial"}]}""", "Pod has status 'partial', not complete, forbidden or not-installed")]
    public async Task Load_ManifestNotOfMeshbotsShape_RefusedInOneLine(string manifest, string why)
    {
        Write("namespaces.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n");
        Write("meshbot-snapshot.json", manifest);

        var error = await RefusedAsync(() => ClusterState.LoadAsync(new SnapshotSource(_dir.FullName)));

        Assert.Equal($"{PathOf("meshbot-snapshot.json")}: {why}", error.Message);
    }

    [Fact]
    public async Task Load_ManifestBelowTheTop_IsNotAnObject()
    {
        Write("namespaces.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n");
        Write("older/meshbot-snapshot.json", """{"apiVersion":"meshbot.snapshot/v1","kind":"SnapshotManifest","kinds":[]}""");
        var source = new SnapshotSource(_dir.FullName);

        var cluster = await ClusterState.LoadAsync(source);

        Assert.Equal(["Namespace"], source.Objects.Select(o => o.Kind.Kind));
        Assert.Equal(ReadStatus.NotCaptured, cluster.Pods.Status);
    }

    [Fact]
    public async Task ReadLogAsync_NamesThatClimbOutOfLogs_AreNotRead()
    {
        File.WriteAllText(PathOf("secret.log"), "not a log of the snapshot\n");
        Directory.CreateDirectory(PathOf("bundle/logs"));
        var source = new SnapshotSource(PathOf("bundle"));

        var log = await source.ReadLogAsync(new ContainerRef("..", "..", "secret"), 200, CancellationToken.None);

        Assert.Equal(ReadStatus.NotInstalled, log.Status);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public async Task ReadLogAsync_LongLog_KeepsTheLastLines()
    {
        Write("logs/payments/api-1/istio-proxy.log", string.Join('\n', Enumerable.Range(1, 100_000).Select(i => $"line {i}")) + "\n");
        var source = new SnapshotSource(_dir.FullName);

        var log = await source.ReadLogAsync(new ContainerRef("payments", "api-1", "istio-proxy"), 200, CancellationToken.None);

        Assert.Equal((ReadStatus.Ok, 200, "line 99801", "line 100000"), (log.Status, log.Lines.Count, log.Lines[0], log.Lines[^1]));
    }
}
