namespace MeshBot.Cluster.Sources;

public enum ReadStatus
{
    /// <summary>The kind was read (possibly empty).</summary>
    Ok,

    /// <summary>The API does not serve the kind (its CRD is absent), as the cluster or a snapshot's manifest says.</summary>
    NotInstalled,

    /// <summary>The credentials may not read the kind.</summary>
    Forbidden,

    /// <summary>
    /// A snapshot holds nothing that says the kind was read (in that namespace): unknown, not absent. Checks treat it
    /// as they treat <see cref="Forbidden"/>.
    /// </summary>
    NotCaptured,
}

public sealed record ListResult(ResourceKind Kind, ReadStatus Status, IReadOnlyList<KubeObject> Items, string? Message = null)
{
    /// <summary>
    /// The namespaces the list covers when it is not cluster-wide (a hand-made snapshot holds only the namespaces it
    /// has objects in); null for every namespace.
    /// </summary>
    public IReadOnlySet<string>? Namespaces { get; init; }

    public static ListResult NotInstalled(ResourceKind kind, string? message = null) => new(kind, ReadStatus.NotInstalled, [], message);

    public static ListResult NotCaptured(ResourceKind kind) => new(kind, ReadStatus.NotCaptured, [], "not captured in the snapshot");
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
