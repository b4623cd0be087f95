using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>
/// Which container logs a diagnosis reads: istio-proxy of the first few sidecar pods of each workload, ztunnel's on
/// the nodes of the path's ambient pods, and istiod's. <c>meshbot snapshot</c> captures the same sample for every workload, so a snapshot diagnoses
/// like the live cluster.
/// </summary>
public static class LogSampling
{
    /// <summary>Proxies sampled per workload: enough to see a pattern, bounded for big Deployments.</summary>
    public const int PodsPerWorkload = 3;

    public static IEnumerable<ContainerRef> Proxies(IEnumerable<WorkloadUnit> units) =>
        units.SelectMany(u => u.Pods.Where(p => p.HasSidecar).Take(PodsPerWorkload))
            .Select(p => new ContainerRef(p.Namespace ?? "", p.Name, Pod.ProxyContainer));

    /// <summary>ztunnel's log on each node that runs an ambient pod of <paramref name="units"/> (all ztunnels when null): ambient's proxy log.</summary>
    public static IEnumerable<ContainerRef> Ztunnels(ClusterState cluster, IEnumerable<WorkloadUnit>? units)
    {
        var ztunnels = cluster.Pods.All.Where(p => p.Meta.Label("app") == "ztunnel" && p.NodeName is not null);
        if (units is not null)
        {
            var nodes = units.SelectMany(u => u.Pods)
                .Where(p => AmbientEnrolment.ForPod(p, cluster.Namespaces.Get(p.Namespace ?? "")).Enrolled)
                .Select(p => p.NodeName).OfType<string>().ToHashSet(StringComparer.Ordinal);
            ztunnels = ztunnels.Where(z => nodes.Contains(z.NodeName!));
        }
        return ztunnels.Select(p => new ContainerRef(p.Namespace ?? "", p.Name, p.Containers.FirstOrDefault()?.Name ?? Pod.ProxyContainer));
    }

    public static IEnumerable<ContainerRef> Istiod(ClusterState cluster, MeshOptions options) =>
        cluster.Pods.InNamespace(options.RootNamespace)
            .Where(p => p.Meta.Label("app") == "istiod")
            .Take(2)
            .Select(p => new ContainerRef(options.RootNamespace, p.Name, p.Containers.FirstOrDefault(c => c.Name == "discovery")?.Name ?? p.Containers.FirstOrDefault()?.Name ?? "discovery"));
}
