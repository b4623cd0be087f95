using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Certificates;

/// <summary>
/// The runbook's CA remediation: restart istiod, then every workload in every injected namespace, with
/// the blast radius counted (the widest of any fix).
/// </summary>
internal static class CaRestart
{
    public static void Propose(CheckContext context, OutcomeBuilder outcome, string why)
    {
        var root = context.Options.RootNamespace;
        var istiod = context.Deployments.Get(root, "istiod")
            ?? context.Deployments.InNamespace(root).FirstOrDefault(d => d.Meta.Label("app") == "istiod");
        outcome.Need(new RestartIstiod(root, istiod?.Name ?? "istiod", why));

        var injected = context.Namespaces.All
            .Where(ns => InjectionPolicy.ForNamespace(ns).Injected)
            .Select(ns => ns.Name)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var workloads = injected
            .SelectMany(ns => context.Deployments.InNamespace(ns).Concat(context.StatefulSets.InNamespace(ns)).Concat(context.DaemonSets.InNamespace(ns)))
            .Select(w => new WorkloadRef(w.Kind.Kind, w.Namespace ?? "", w.Name))
            .ToArray();
        var pods = injected.Sum(ns => context.Pods.InNamespace(ns).Count);
        outcome.Need(new RestartInjectedWorkloads(injected, workloads, pods,
            $"every sidecar holds a certificate from the old CA: {workloads.Length} workloads ({pods} pods) in {injected.Length} injected namespaces restart"));
    }

    public static readonly IReadOnlyList<Cluster.ResourceKind> Reads =
    [
        Cluster.ResourceKinds.Namespace, Cluster.ResourceKinds.Deployment, Cluster.ResourceKinds.StatefulSet,
        Cluster.ResourceKinds.DaemonSet, Cluster.ResourceKinds.Pod,
    ];
}
