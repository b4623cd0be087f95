using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Injection;

/// <summary>Which injector revisions the path depends on, and which of its workloads came up without the sidecar they should have.</summary>
internal static class InjectionScope
{
    public static IReadOnlyList<string> Revisions(CheckContext context) =>
        context.Path.Ends.Where(e => !e.IsPlatform)
            .SelectMany(e => e.Units.SelectMany(u => u.Pods.Select(p => InjectionPolicy.ForPod(p, context.Namespaces.Get(e.Namespace.Name))))
                .DefaultIfEmpty(InjectionPolicy.ForNamespace(context.Namespaces.Get(e.Namespace.Name))))
            .Where(d => d.Injected)
            .Select(d => d.Revision)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Pod controllers on the path whose pods should have been injected but were not: created while the injector was down.</summary>
    public static IEnumerable<WorkloadUnit> Uninjected(CheckContext context) =>
        context.Path.Ends.Where(e => !e.IsPlatform)
            .SelectMany(e => e.Units)
            .Where(u => u.Kind is "Deployment" or "StatefulSet" or "DaemonSet"
                && u.Pods.Any(p => !p.HasSidecar && InjectionPolicy.ForPod(p, context.Namespaces.Get(u.Namespace)).Injected));

    public static void ProposeRestarts(CheckContext context, OutcomeBuilder outcome, string istiodNamespace, string istiodName)
    {
        outcome.Need(new RestartIstiod(istiodNamespace, istiodName, "the injector webhook is served by istiod: restart it so the webhook answers again"));
        foreach (var unit in Uninjected(context))
        {
            outcome.Need(new RestartWorkload(unit.Kind, unit.Namespace, unit.Name, unit.Pods.Count,
                "its pods were created while the injector was unavailable; recreate them once istiod is ready"));
        }
    }
}
