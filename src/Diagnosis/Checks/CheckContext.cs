using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Logs;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks;

/// <summary>
/// A check's only view of the cluster. Every accessor records the kind it reads, so tests can prove that
/// each check's declared <see cref="ICheck.Reads"/> is exactly what it used.
/// </summary>
public sealed class CheckContext(DiagnosisSession session)
{
    private readonly HashSet<ResourceKind> _read = [];

    public DiagnosisPath Path => session.Path;

    public MeshOptions Options => session.Options;

    public DateTimeOffset Now => session.Now;

    public IReadOnlySet<ResourceKind> KindsRead => _read;

    public KindIndex<Namespace> Namespaces => Track(session.Cluster.Namespaces);
    public KindIndex<Pod> Pods => Track(session.Cluster.Pods);
    public KindIndex<Workload> Deployments => Track(session.Cluster.Deployments);
    public KindIndex<Workload> StatefulSets => Track(session.Cluster.StatefulSets);
    public KindIndex<Workload> DaemonSets => Track(session.Cluster.DaemonSets);
    public KindIndex<Service> Services => Track(session.Cluster.Services);
    public KindIndex<Endpoints> Endpoints => Track(session.Cluster.Endpoints);
    public KindIndex<Endpoints> EndpointSlices => Track(session.Cluster.EndpointSlices);
    public KindIndex<ConfigMap> ConfigMaps => Track(session.Cluster.ConfigMaps);
    public KindIndex<Secret> Secrets => Track(session.Cluster.Secrets);
    public KindIndex<KubeEvent> Events => Track(session.Cluster.Events);
    public KindIndex<MutatingWebhookConfiguration> Webhooks => Track(session.Cluster.Webhooks);
    public KindIndex<AuthorizationPolicy> AuthorizationPolicies => Track(session.Cluster.AuthorizationPolicies);
    public KindIndex<HelmRelease> HelmReleases => Track(session.Cluster.HelmReleases);

    /// <summary>The PeerAuthentications the resolver reads, for how they were read (<see cref="Unread"/>).</summary>
    public KindIndex<Cluster.Kinds.PeerAuthentication> PeerAuthentications => Track(session.Cluster.PeerAuthentications);

    /// <summary>The DestinationRules the resolver reads, for how they were read (<see cref="Unread"/>).</summary>
    public KindIndex<DestinationRule> DestinationRuleList => Track(session.Cluster.DestinationRules);

    public PeerAuthenticationResolver PeerAuthentication
    {
        get
        {
            _read.Add(ResourceKinds.PeerAuthentication);
            return session.PeerAuthentication;
        }
    }

    public DestinationRuleResolver DestinationRules
    {
        get
        {
            _read.Add(ResourceKinds.DestinationRule);
            return session.DestinationRules;
        }
    }

    /// <summary>The pod's top controller (pod → ReplicaSet → Deployment), as the path resolver walks it.</summary>
    public (string Kind, string Name, Workload? Controller) Owner(Pod pod)
    {
        _read.Add(ResourceKinds.ReplicaSet);
        _read.Add(ResourceKinds.Deployment);
        return session.Resolver.Owner(pod);
    }

    public PathLogs Logs
    {
        get
        {
            _read.Add(ResourceKinds.ContainerLog);
            return session.Logs;
        }
    }

    /// <summary>Ready endpoint count of a Service, from Endpoints or, failing that, EndpointSlices.</summary>
    public int? ReadyEndpoints(string ns, string service)
    {
        var endpoints = Endpoints.Get(ns, service);
        var slices = EndpointSlices.InNamespace(ns).Where(s => s.ServiceName == service).ToArray();
        if (endpoints is not null)
        {
            return endpoints.ReadyCount;
        }
        return slices.Length == 0 ? null : slices.Sum(s => s.ReadyCount);
    }

    private KindIndex<T> Track<T>(KindIndex<T> index) where T : KubeObject
    {
        _read.Add(index.Kind);
        return index;
    }

    /// <summary>True when the kind could not be read (forbidden, or not captured by a snapshot): checks say inconclusive instead of ruled-out.</summary>
    public static bool Unreadable<T>(KindIndex<T> index, string? ns = null) where T : KubeObject =>
        (ns is null ? index.Status : index.StatusIn(ns)) is ReadStatus.Forbidden or ReadStatus.NotCaptured;

    /// <summary>
    /// The inputs a check cannot see: <paramref name="index"/> as a whole when the kind was not read at all, else in
    /// each of <paramref name="namespaces"/> it was not read in, once per namespace, in order.
    /// </summary>
    public static IReadOnlyList<UnreadInput> Unread<T>(KindIndex<T> index, params IEnumerable<string?> namespaces) where T : KubeObject
    {
        if (Unreadable(index))
        {
            return [new UnreadInput(index.Kind, null, index.Status, index.Message)]; // the kind as a whole: one command for all
        }
        return !index.Kind.Namespaced ? [] : namespaces.Distinct().Where(ns => Unreadable(index, ns))
            .Select(ns => new UnreadInput(index.Kind, ns, index.StatusIn(ns), null))
            .ToArray();
    }
}
