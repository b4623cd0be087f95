using System.IO.Enumeration;

namespace MeshBot.Cluster.Sources;

/// <summary>
/// A saved snapshot (support bundle): every <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> below a
/// directory (or one file), plus container logs at <c>logs/NAMESPACE/POD/CONTAINER.log</c> and, from
/// <c>meshbot snapshot</c>, the <see cref="SnapshotManifest"/> of what was listed. A kind the bundle shows no sign
/// of having captured is <see cref="ReadStatus.NotCaptured"/> (<see cref="SnapshotCoverage"/>), never empty.
/// Files are parsed once, in parallel, on first use. A bundle may come from anyone, so it is read within
/// <see cref="SnapshotLimits"/>, regular files only, and never through a symbolic link below the snapshot's own path:
/// a link could lead out of the bundle, or round in a loop.
/// </summary>
public sealed class SnapshotSource : IClusterSource
{
    private static readonly string[] ObjectExtensions = [".yaml", ".yml", ".json"];

    private readonly string _root;
    private readonly SnapshotLimits _limits;
    private readonly Lazy<(ILookup<ResourceKind, KubeObject> Objects, SnapshotCoverage Coverage)> _loaded;

    public SnapshotSource(string path, SnapshotLimits? limits = null)
    {
        _root = Path.GetFullPath(path);
        _limits = limits ?? SnapshotLimits.Default;
        if (!Directory.Exists(_root) && !File.Exists(_root))
        {
            throw new SnapshotException($"snapshot {path} does not exist");
        }
        _loaded = new Lazy<(ILookup<ResourceKind, KubeObject>, SnapshotCoverage)>(Load);
    }

    public string Description => $"snapshot {_root}";

    public IEnumerable<KubeObject> Objects => _loaded.Value.Objects.SelectMany(g => g);

    public Task<ListResult> ListAsync(ResourceKind kind, CancellationToken cancellationToken)
    {
        var (objects, coverage) = _loaded.Value;
        return Task.FromResult(coverage.List(kind, objects[kind].ToArray()));
    }

    public async Task<LogResult> ReadLogAsync(ContainerRef container, int tailLines, CancellationToken cancellationToken)
    {
        if (LogPath(container) is not { } path)
        {
            return new LogResult(container, ReadStatus.NotInstalled, [], "log not captured in the snapshot");
        }

        // Streamed: only the last lines are kept, whatever the log's size.
        var tail = new Queue<string>(tailLines + 1);
        try
        {
            await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
            {
                tail.Enqueue(line);
                if (tail.Count > tailLines)
                {
                    tail.Dequeue();
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SnapshotException($"{path}: cannot be read: {e.Message}", e);
        }
        return new LogResult(container, ReadStatus.Ok, [.. tail]);
    }

    // logs/NAMESPACE/POD/CONTAINER.log when it was captured: each name one plain path segment (names come from the
    // bundle's objects, and ".." would climb out of it), each directory a real one, the log a regular file within the limit.
    private string? LogPath(ContainerRef container)
    {
        string[] names = [container.Namespace, container.Pod, container.Container];
        if (!Directory.Exists(_root) || names.Any(n => n is "" or "." or ".." || n.IndexOfAny(['/', '\\', '\0']) >= 0))
        {
            return null;
        }
        var directory = _root;
        foreach (var name in names.Prepend("logs").SkipLast(1))
        {
            directory = Path.Combine(directory, name);
            switch (SnapshotFile.Status(directory, followLinks: false).Kind)
            {
                case FileKind.Directory:
                    continue;
                case FileKind.Missing:
                    return null;
                case var kind:
                    throw new SnapshotException($"{directory}: {FileKinds.Describe(kind)}, not a directory");
            }
        }
        var path = Path.Combine(directory, container.Container + ".log");
        if (SnapshotFile.Status(path, followLinks: false).Kind is FileKind.Missing or FileKind.Directory)
        {
            return null;
        }
        SnapshotFile.Admit(path, _limits, followLinks: false);
        return path;
    }

    private (ILookup<ResourceKind, KubeObject>, SnapshotCoverage) Load()
    {
        var single = File.Exists(_root);
        if (single && IsManifest(Path.GetFileName(_root)))
        {
            throw new SnapshotException($"{_root}: the manifest of a snapshot, not a snapshot: pass its directory");
        }
        var manifest = single ? null : SnapshotManifest.Read(_root, _limits);

        // Every file is let in (or refused) in name order before any is parsed, so the first bad file is the one named.
        var files = single ? [_root] : ObjectFiles();
        var sizes = files.Select(f => SnapshotFile.Admit(f, _limits, followLinks: f == _root)).ToArray();

        var perFile = new SnapshotFileContent[files.Length];
        try
        {
            Parallel.For(0, files.Length, i => perFile[i] = SnapshotReader.ReadAdmitted(files[i], sizes[i], _limits));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault() is SnapshotException first)
        {
            throw first;
        }
        return (perFile.SelectMany(c => c.Objects).ToLookup(o => o.Kind), SnapshotCoverage.Of(manifest, files.Zip(perFile)));
    }

    // The object files below the root, by name. A symbolic link, to a file or a directory, is refused, not followed.
    private string[] ObjectFiles()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var entries = new FileSystemEnumerable<(string Path, bool Link, bool Directory)>(_root,
            (ref FileSystemEntry e) => (e.ToFullPath(), IsLink(ref e), e.IsDirectory), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => IsLink(ref e) ? e.IsDirectory || IsObjectFile(e.FileName) : !e.IsDirectory && IsObjectFile(e.FileName) && !IsManifest(e.FileName),
            ShouldRecursePredicate = (ref FileSystemEntry e) => !IsLink(ref e),
        };
        try
        {
            var files = entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToArray();
            if (files.FirstOrDefault(f => f.Link) is { Link: true } link)
            {
                throw new SnapshotException($"{link.Path}: a symbolic link, not a {(link.Directory ? "directory" : "regular file")}");
            }
            return [.. files.Select(f => f.Path)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SnapshotException($"snapshot {_root}: cannot be read: {e.Message}", e);
        }
    }

    private static bool IsLink(ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) != 0;

    // The manifest is JSON but no Kubernetes object: skipped by name wherever it is, read only at the top.
    private static bool IsManifest(ReadOnlySpan<char> name) => name.Equals(SnapshotManifest.FileName, StringComparison.Ordinal);

    private static bool IsObjectFile(ReadOnlySpan<char> name)
    {
        var extension = Path.GetExtension(name);
        foreach (var candidate in ObjectExtensions)
        {
            if (extension.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
