namespace MeshBot.Cluster.Sources;

/// <summary>
/// What a snapshot captured, so that a kind it never captured reads as <see cref="ReadStatus.NotCaptured"/> rather
/// than absent. A kind was captured when the bundle holds an object of it, a typed <c>*List</c> of it (even empty), or
/// kubectl's empty <c>kind: List</c> in a file named for it (<c>webhooks.yaml</c>, <c>destinationrules.json</c>);
/// otherwise the manifest decides, if there is one. Lists found in files cover only the namespaces the bundle holds
/// objects in (a single namespace's file says nothing of istio-system); a kind the manifest lists as complete was
/// listed cluster-wide.
/// </summary>
internal sealed class SnapshotCoverage
{
    // File names kubectl users give a kind's list besides its plural, singular and plural.group: its short names,
    // and the README's own example names.
    private static readonly Dictionary<string, ResourceKind> Aliases = new(StringComparer.Ordinal)
    {
        ["ns"] = ResourceKinds.Namespace,
        ["po"] = ResourceKinds.Pod,
        ["rs"] = ResourceKinds.ReplicaSet,
        ["deploy"] = ResourceKinds.Deployment,
        ["sts"] = ResourceKinds.StatefulSet,
        ["ds"] = ResourceKinds.DaemonSet,
        ["svc"] = ResourceKinds.Service,
        ["ep"] = ResourceKinds.Endpoints,
        ["sa"] = ResourceKinds.ServiceAccount,
        ["cm"] = ResourceKinds.ConfigMap,
        ["ev"] = ResourceKinds.Event,
        ["webhooks"] = ResourceKinds.MutatingWebhookConfiguration,
        ["pa"] = ResourceKinds.PeerAuthentication,
        ["dr"] = ResourceKinds.DestinationRule,
        ["ap"] = ResourceKinds.AuthorizationPolicy,
        ["ra"] = ResourceKinds.RequestAuthentication,
        ["hr"] = ResourceKinds.HelmRelease,
    };

    private readonly SnapshotManifest? _manifest;
    private readonly HashSet<ResourceKind> _captured;
    private readonly IReadOnlySet<string> _namespaces;

    private SnapshotCoverage(SnapshotManifest? manifest, HashSet<ResourceKind> captured, IReadOnlySet<string> namespaces)
    {
        _manifest = manifest;
        _captured = captured;
        _namespaces = namespaces;
    }

    public static SnapshotCoverage Of(SnapshotManifest? manifest, IEnumerable<(string Path, SnapshotFileContent Content)> files)
    {
        var captured = new HashSet<ResourceKind>();
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, content) in files)
        {
            captured.UnionWith(content.Listed);
            foreach (var obj in content.Objects)
            {
                captured.Add(obj.Kind);
                if (obj.Kind.Namespaced && !string.IsNullOrEmpty(obj.Namespace))
                {
                    namespaces.Add(obj.Namespace);
                }
            }
            if (content.EmptyList && Named(path) is { } kind)
            {
                captured.Add(kind);
            }
        }
        return new SnapshotCoverage(manifest, captured, namespaces);
    }

    /// <summary>The list of <paramref name="kind"/> as the snapshot holds it.</summary>
    public ListResult List(ResourceKind kind, IReadOnlyList<KubeObject> items)
    {
        var entry = _manifest?.Entry(kind);
        if (_captured.Contains(kind))
        {
            var cover = kind.Namespaced && entry?.Status != ReadStatus.Ok ? _namespaces : null;
            return new ListResult(kind, ReadStatus.Ok, items) { Namespaces = cover };
        }
        return entry is null ? ListResult.NotCaptured(kind) : new ListResult(kind, entry.Status, [], entry.Message);
    }

    /// <summary>The kind a file's name stands for: <c>mutatingwebhookconfigurations</c>, <c>deployment</c>, <c>peerauthentications.security.istio.io</c>, <c>svc</c>.</summary>
    private static ResourceKind? Named(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
        return Aliases.GetValueOrDefault(stem) ?? ResourceKinds.All.FirstOrDefault(k =>
            stem == k.Plural || stem == k.KubectlName || (k.Group.Length > 0 && stem == $"{k.Plural}.{k.Group}"));
    }
}
