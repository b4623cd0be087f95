namespace MeshBot.Diagnosis.Cluster.Sources;

public enum ReadStatus
{
    /// <summary>The kind was read (possibly empty).</summary>
    Ok,

    /// <summary>The API does not serve the kind (its CRD is absent), or a snapshot holds none of it.</summary>
    NotInstalled,

    /// <summary>The credentials may not read the kind.</summary>
    Forbidden,
}

public sealed record ListResult(ResourceKind Kind, ReadStatus Status, IReadOnlyList<KubeObject> Items, string? Message = null)
{
    public static ListResult NotInstalled(ResourceKind kind, string? message = null) => new(kind, ReadStatus.NotInstalled, [], message);
}

/// <summary>A container whose log the engine asks for.</summary>
public sealed record ContainerRef(string Namespace, string Pod, string Container)
{
    public override string ToString() => $"{Namespace}/{Pod}/{Container}";
}

public sealed record LogResult(ContainerRef Container, ReadStatus Status, IReadOnlyList<string> Lines, string? Message = null);

/// <summary>
/// Where the cluster is read from: a snapshot directory, or (later) the Kubernetes API. Read-only by
/// design; the checks never see this interface, only the <see cref="ClusterState"/> built from it.
/// </summary>
public interface IClusterSource
{
    /// <summary>Says where the data comes from, for evidence ("snapshot ./bundle", "context prod").</summary>
    string Description { get; }

    Task<ListResult> ListAsync(ResourceKind kind, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="tailLines"/> lines of a container's log.</summary>
    Task<LogResult> ReadLogAsync(ContainerRef container, int tailLines, CancellationToken cancellationToken);
}
