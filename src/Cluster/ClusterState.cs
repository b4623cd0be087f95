using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Sources;

namespace MeshBot.Cluster;

/// <summary>
/// Everything the checks may read, loaded once from a source (one list per kind) and indexed.
/// Immutable after loading, so concurrent diagnoses can share it.
/// </summary>
public sealed class ClusterState
{
    private readonly Dictionary<ResourceKind, ListResult> _lists;

    private ClusterState(string description, IEnumerable<ListResult> lists)
    {
        Description = description;
        _lists = lists.ToDictionary(l => l.Kind);
        Namespaces = Index<Namespace>(ResourceKinds.Namespace);
        Pods = Index<Pod>(ResourceKinds.Pod);
        ReplicaSets = Index<Workload>(ResourceKinds.ReplicaSet);
        Deployments = Index<Workload>(ResourceKinds.Deployment);
        StatefulSets = Index<Workload>(ResourceKinds.StatefulSet);
        DaemonSets = Index<Workload>(ResourceKinds.DaemonSet);
        Services = Index<Service>(ResourceKinds.Service);
        Endpoints = Index<Endpoints>(ResourceKinds.Endpoints);
        EndpointSlices = Index<Endpoints>(ResourceKinds.EndpointSlice);
        ServiceAccounts = Index<ServiceAccount>(ResourceKinds.ServiceAccount);
        ConfigMaps = Index<ConfigMap>(ResourceKinds.ConfigMap);
        Secrets = Index<Secret>(ResourceKinds.Secret);
        Events = Index<KubeEvent>(ResourceKinds.Event);
        Webhooks = Index<MutatingWebhookConfiguration>(ResourceKinds.MutatingWebhookConfiguration);
        PeerAuthentications = Index<PeerAuthentication>(ResourceKinds.PeerAuthentication);
        DestinationRules = Index<DestinationRule>(ResourceKinds.DestinationRule);
        AuthorizationPolicies = Index<AuthorizationPolicy>(ResourceKinds.AuthorizationPolicy);
        RequestAuthentications = Index<RequestAuthentication>(ResourceKinds.RequestAuthentication);
        HelmReleases = Index<HelmRelease>(ResourceKinds.HelmRelease);
    }

    public string Description { get; }

    public KindIndex<Namespace> Namespaces { get; }
    public KindIndex<Pod> Pods { get; }
    public KindIndex<Workload> ReplicaSets { get; }
    public KindIndex<Workload> Deployments { get; }
    public KindIndex<Workload> StatefulSets { get; }
    public KindIndex<Workload> DaemonSets { get; }
    public KindIndex<Service> Services { get; }
    public KindIndex<Endpoints> Endpoints { get; }
    public KindIndex<Endpoints> EndpointSlices { get; }
    public KindIndex<ServiceAccount> ServiceAccounts { get; }
    public KindIndex<ConfigMap> ConfigMaps { get; }
    public KindIndex<Secret> Secrets { get; }
    public KindIndex<KubeEvent> Events { get; }
    public KindIndex<MutatingWebhookConfiguration> Webhooks { get; }
    public KindIndex<PeerAuthentication> PeerAuthentications { get; }
    public KindIndex<DestinationRule> DestinationRules { get; }
    public KindIndex<AuthorizationPolicy> AuthorizationPolicies { get; }
    public KindIndex<RequestAuthentication> RequestAuthentications { get; }
    public KindIndex<HelmRelease> HelmReleases { get; }

    /// <summary>Lists every kind the checks read, concurrently, one request per kind.</summary>
    public static async Task<ClusterState> LoadAsync(IClusterSource source, CancellationToken cancellationToken = default)
    {
        var lists = await Task.WhenAll(ResourceKinds.All.Select(k => source.ListAsync(k, cancellationToken))).ConfigureAwait(false);
        return new ClusterState(source.Description, lists);
    }

    public static ClusterState From(string description, IEnumerable<KubeObject> objects) =>
        new(description, objects.GroupBy(o => o.Kind).Select(g => new ListResult(g.Key, ReadStatus.Ok, g.ToArray()))
            .Concat(ResourceKinds.All.Select(k => new ListResult(k, ReadStatus.Ok, [])))
            .DistinctBy(l => l.Kind));

    private KindIndex<T> Index<T>(ResourceKind kind) where T : KubeObject
    {
        var list = _lists.GetValueOrDefault(kind) ?? ListResult.NotInstalled(kind);
        return new KindIndex<T>(kind, list.Status, list.Message, list.Items.OfType<T>(), list.Namespaces);
    }

    /// <summary>The workload controller for a kind name (Deployment, StatefulSet, DaemonSet, ReplicaSet).</summary>
    public KindIndex<Workload>? Controllers(string kind) => kind switch
    {
        "Deployment" => Deployments,
        "StatefulSet" => StatefulSets,
        "DaemonSet" => DaemonSets,
        "ReplicaSet" => ReplicaSets,
        _ => null,
    };
}
