namespace MeshBot.Diagnosis.Cluster.Sources;

/// <summary>
/// A saved snapshot (support bundle): every <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> below a
/// directory (or one file), plus container logs at <c>logs/NAMESPACE/POD/CONTAINER.log</c>.
/// Files are parsed once, in parallel, on first use.
/// </summary>
public sealed class SnapshotSource : IClusterSource
{
    private static readonly string[] ObjectExtensions = [".yaml", ".yml", ".json"];

    private readonly string _root;
    private readonly Lazy<ILookup<ResourceKind, KubeObject>> _objects;

    public SnapshotSource(string path)
    {
        _root = Path.GetFullPath(path);
        if (!Directory.Exists(_root) && !File.Exists(_root))
        {
            throw new SnapshotException($"snapshot {path} does not exist");
        }
        _objects = new Lazy<ILookup<ResourceKind, KubeObject>>(Load);
    }

    public string Description => $"snapshot {_root}";

    public IEnumerable<KubeObject> Objects => _objects.Value.SelectMany(g => g);

    public Task<ListResult> ListAsync(ResourceKind kind, CancellationToken cancellationToken)
    {
        var items = _objects.Value[kind].ToArray();
        return Task.FromResult(new ListResult(kind, ReadStatus.Ok, items));
    }

    public async Task<LogResult> ReadLogAsync(ContainerRef container, int tailLines, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_root, "logs", container.Namespace, container.Pod, container.Container + ".log");
        if (!Directory.Exists(_root) || !File.Exists(path))
        {
            return new LogResult(container, ReadStatus.NotInstalled, [], "log not captured in the snapshot");
        }

        var lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        return new LogResult(container, ReadStatus.Ok, lines.Length > tailLines ? lines[^tailLines..] : lines);
    }

    private ILookup<ResourceKind, KubeObject> Load()
    {
        var files = File.Exists(_root)
            ? [_root]
            : Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
                .Where(f => ObjectExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToArray();

        var perFile = new IReadOnlyList<KubeObject>[files.Length];
        try
        {
            Parallel.For(0, files.Length, i => perFile[i] = SnapshotReader.ReadFile(files[i]));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault() is SnapshotException first)
        {
            throw first;
        }
        return perFile.SelectMany(o => o).ToLookup(o => o.Kind);
    }
}
