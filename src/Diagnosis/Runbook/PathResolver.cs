using System.Globalization;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>
/// Resolves the request's ends to namespaces, pod controllers, pods, Services and ports. A workload
/// name may be a Deployment, StatefulSet, DaemonSet or pod; pods are walked up their ownerReferences
/// (pod → ReplicaSet → Deployment) so that fixes restart the owner, not the pod.
/// </summary>
public sealed class PathResolver(ClusterState cluster, MeshOptions options)
{
    public DiagnosisPath Resolve(DiagnosisRequest request)
    {
        var server = ResolveEnd(request.Target, request.Port, isServer: true);
        var client = request.Source is null ? null : ResolveEnd(request.Source, null, isServer: false);
        return new DiagnosisPath(server, client, request.Port);
    }

    private PathEnd ResolveEnd(TargetSpec spec, int? port, bool isServer)
    {
        foreach (var essential in new[] { (cluster.Namespaces.Status, cluster.Namespaces.Message), (cluster.Pods.Status, cluster.Pods.Message) })
        {
            if (essential.Status == Cluster.Sources.ReadStatus.Forbidden)
            {
                throw new DiagnosisInputException($"cannot diagnose without reading namespaces and pods: {essential.Message}");
            }
        }
        var ns = cluster.Namespaces.Get(spec.Namespace)
            ?? throw new DiagnosisInputException($"namespace {spec.Namespace} not found in {cluster.Description}");

        var units = spec.Workload is null
            ? NamespaceUnits(spec.Namespace)
            : [WorkloadUnitFor(spec)];

        if (isServer && port is { } requested)
        {
            units = units.Select(u => u with { Ports = PortsFor(u, requested) }).Where(u => u.Ports.Count > 0).ToArray();
            if (units.Length == 0)
            {
                throw new DiagnosisInputException($"no Service or container of {spec} exposes port {requested}");
            }
        }
        return new PathEnd(spec, ns, options.IsPlatformNamespace(spec.Namespace), units);
    }

    private WorkloadUnit WorkloadUnitFor(TargetSpec spec)
    {
        var ns = spec.Namespace;
        var name = spec.Workload!;
        foreach (var index in new[] { cluster.Deployments, cluster.StatefulSets, cluster.DaemonSets })
        {
            if (index.Get(ns, name) is { } controller)
            {
                var pods = LivePods(ns).Where(p => Owner(p) is var (kind, owner, _) && kind == controller.Kind.Kind && owner == name).ToArray();
                if (pods.Length == 0)
                {
                    pods = LivePods(ns).Where(p => !controller.Selector.IsEmpty && controller.Selector.Matches(p.Meta.Labels)).ToArray();
                }
                return Unit(controller.Kind.Kind, ns, name, controller.TemplateLabels, controller, pods);
            }
        }

        if (cluster.Pods.Get(ns, name) is { } pod)
        {
            var (kind, ownerName, ownerController) = Owner(pod);
            return Unit(kind, ns, ownerName, pod.Meta.Labels, ownerController, [pod]);
        }

        throw new DiagnosisInputException($"no Deployment, StatefulSet, DaemonSet or pod named {name} in namespace {ns}");
    }

    private WorkloadUnit[] NamespaceUnits(string ns) =>
        LivePods(ns)
            .GroupBy(p => Owner(p) is var (kind, name, _) ? (kind, name) : default)
            .Select(g =>
            {
                var (kind, name, controller) = Owner(g.First());
                return Unit(kind, ns, name, controller?.TemplateLabels ?? g.First().Meta.Labels, controller, g.ToArray());
            })
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .ToArray();

    private WorkloadUnit Unit(string kind, string ns, string name, IReadOnlyDictionary<string, string> labels, Workload? controller, IReadOnlyList<Pod> pods)
    {
        var services = cluster.Services.InNamespace(ns)
            .Where(s => s.Selector.Count > 0 && (pods.Any(s.Selects) || (pods.Count == 0 && PolicyOrder.IsSubsetOf(s.Selector, labels))))
            .ToArray();
        var unit = new WorkloadUnit(kind, ns, name, labels, controller, pods, services, []);
        return unit with { Ports = AllPorts(unit) };
    }

    private IEnumerable<Pod> LivePods(string ns) =>
        cluster.Pods.InNamespace(ns).Where(p => p.Phase is not ("Succeeded" or "Failed"));

    /// <summary>The top controller of a pod (Deployment over its ReplicaSet), or the pod itself when it has none.</summary>
    public (string Kind, string Name, Workload? Controller) Owner(Pod pod)
    {
        var ns = pod.Namespace ?? "";
        if (pod.Meta.ControllerOwner is not { } owner)
        {
            return ("Pod", pod.Name, null);
        }
        if (owner.Kind == "ReplicaSet")
        {
            var replicaSet = cluster.ReplicaSets.Get(ns, owner.Name);
            var deploymentName = replicaSet?.Meta.ControllerOwner is { Kind: "Deployment" } rsOwner
                ? rsOwner.Name
                : pod.Meta.Label("pod-template-hash") is { } hash && owner.Name.EndsWith("-" + hash, StringComparison.Ordinal)
                    ? owner.Name[..^(hash.Length + 1)]
                    : null;
            if (deploymentName is not null && cluster.Deployments.Get(ns, deploymentName) is { } deployment)
            {
                return ("Deployment", deployment.Name, deployment);
            }
            return ("ReplicaSet", owner.Name, replicaSet);
        }
        return (owner.Kind, owner.Name, cluster.Controllers(owner.Kind)?.Get(ns, owner.Name));
    }

    private static IReadOnlyList<PathPort> AllPorts(WorkloadUnit unit)
    {
        var ports = unit.Services
            .SelectMany(s => s.Ports.Where(p => p.Protocol == "TCP").Select(p => new PathPort(s, p.Port, ContainerPort(unit, p))))
            .ToArray();
        return ports.Length > 0 ? ports : [new PathPort(null, null, null)];
    }

    private static IReadOnlyList<PathPort> PortsFor(WorkloadUnit unit, int servicePort)
    {
        var viaService = unit.Services
            .SelectMany(s => s.Ports.Where(p => p.Port == servicePort).Select(p => new PathPort(s, p.Port, ContainerPort(unit, p))))
            .ToArray();
        if (viaService.Length > 0)
        {
            return viaService;
        }
        // No Service port matches: the client may dial the pod directly on a container port.
        return unit.Pods.SelectMany(p => p.Ports).Any(p => p.Port == servicePort)
            ? [new PathPort(null, null, servicePort)]
            : [];
    }

    private static int? ContainerPort(WorkloadUnit unit, ServicePort port)
    {
        if (int.TryParse(port.TargetPort, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        return unit.Pods.SelectMany(p => p.Ports).FirstOrDefault(p => p.Name == port.TargetPort)?.Port;
    }
}
