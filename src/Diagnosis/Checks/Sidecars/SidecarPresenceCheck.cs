using MeshBot.Cluster;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Sidecars;

/// <summary>
/// Branch 1: a pod on the path that belongs in the mesh (outside the platform namespaces) has no
/// istio-proxy. Finds why: namespace not enabled, pod opted out, or pod created without injection.
/// A pod enrolled in the ambient data plane needs no sidecar (ztunnel carries its mTLS): it is never
/// "missing" one, and never gets a sidecar-injection fix; enrolled but not redirected by istio-cni is its failure.
/// </summary>
internal sealed class SidecarPresenceCheck : ICheck
{
    public Branch Branch => Branch.SidecarMissing;
    public string Name => "SidecarPresence";
    public string Description => "Every pod on the path outside platform namespaces runs istio-proxy (a native sidecar counts) or is redirected to ztunnel (ambient).";
    public IReadOnlyList<ResourceKind> Reads =>
        [ResourceKinds.Namespace, ResourceKinds.Pod, ResourceKinds.DaemonSet];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var missing = new List<string>();
        var bypassing = new List<string>();
        var unread = new List<UnreadInput>();
        var inspected = 0;

        foreach (var end in context.Path.Ends.Where(e => !e.IsPlatform))
        {
            var ns = context.Namespaces.Get(end.Namespace.Name);
            var nsDecision = InjectionPolicy.ForNamespace(ns);
            var dataPlane = AmbientEnrolment.IsAmbientNamespace(ns) ? $"; ambient: {AmbientEnrolment.DataplaneModeLabel}={AmbientEnrolment.Ambient}" : "";
            outcome.Evidence(Kubectl.Get("namespace", null, end.Namespace.Name, "--show-labels"), $"{end.Namespace.Name}: {nsDecision.Detail}{dataPlane}");
            if (CheckContext.Unread(context.Pods, end.Namespace.Name) is [_, ..] unreadPods)
            {
                outcome.Unread(unreadPods);
                unread.AddRange(unreadPods);
                continue;
            }

            foreach (var unit in end.Units)
            {
                if (!unit.HasPods)
                {
                    outcome.Finding(Catalogue.WorkloadWithoutPods, unit.Reference, unit.Reference);
                    continue;
                }

                var pods = unit.Pods.Select(p => context.Pods.Get(p.Namespace, p.Name) ?? p).ToArray();
                inspected += pods.Length;
                var ambient = pods.Where(p => !p.HasSidecar).Select(p => (Pod: p, Decision: AmbientEnrolment.ForPod(p, ns))).Where(a => a.Decision.Enrolled).ToArray();
                var without = pods.Where(p => !p.HasSidecar && ambient.All(a => a.Pod != p)).ToArray();
                var first = pods[0];
                outcome.Evidence(
                    Kubectl.JsonPath("pod", first.Namespace, first.Name, "{.spec.containers[*].name} {.spec.initContainers[*].name}"),
                    $"{pods.Length - without.Length}/{pods.Length} pods of {unit.Reference} run istio-proxy; {first.Name}: containers [{string.Join(", ", first.Containers.Select(c => c.Name))}]"
                        + (first.InitContainers.Count > 0 ? $", init [{string.Join(", ", first.InitContainers.Select(c => c.RestartPolicy == "Always" ? c.Name + " (restartPolicy: Always)" : c.Name))}]" : ""));

                foreach (var native in pods.Where(p => p.IsNativeSidecar).Take(1))
                {
                    outcome.Finding(Catalogue.NativeSidecar, native.Reference, native.Reference);
                }
                if (ambient.Length > 0)
                {
                    bypassing.AddRange(Ambient(outcome, unit, pods.Length, ambient));
                }
                if (without.Length == 0)
                {
                    continue;
                }

                var pod = without[0];
                var decision = InjectionPolicy.ForPod(pod, ns);
                if (decision.Reason is InjectionReason.HostNetwork or InjectionReason.SystemNamespace)
                {
                    continue; // never injected by design: not a mesh workload
                }
                if (AmbientEnrolment.IsAmbientNamespace(ns))
                {
                    // Opted out of the ambient namespace (istio.io/dataplane-mode=none): out of the mesh by choice, and a
                    // sidecar-injection label on an ambient namespace would move its other pods to sidecars.
                    outcome.Evidence(Kubectl.Get("pod", pod.Namespace, pod.Name, "--show-labels"),
                        $"{pod.Name} runs neither a sidecar nor in ambient: {AmbientEnrolment.ForPod(pod, ns).Detail}; left out of the mesh by its own label");
                    continue;
                }

                missing.Add($"{unit.Reference} ({without.Length}/{pods.Length} pods)");
                foreach (var p in without.Take(5))
                {
                    outcome.Finding(Catalogue.PodMissingSidecar, p.Reference, p.Reference, decision.Detail);
                }
                Explain(context, outcome, unit, pod, decision, without.Length);
            }
        }

        if (missing.Count > 0 || bypassing.Count > 0)
        {
            var causes = missing.Count > 0 ? bypassing.Prepend($"{string.Join(", ", missing)} run without the istio-proxy sidecar") : bypassing;
            return outcome.Confirmed(string.Join("; ", causes));
        }
        if (unread.Count > 0)
        {
            return outcome.Inconclusive($"the pods on the path could not be inspected: {UnreadInput.Explain(unread)}");
        }
        if (inspected == 0)
        {
            return context.Path.Ends.All(e => e.IsPlatform)
                ? outcome.Skipped("every end of the path is in a platform namespace, outside the mesh")
                : outcome.Inconclusive("no running pods on the path to inspect: check the workload with kubectl get pods");
        }
        return outcome.RuledOut($"all {inspected} pods on the path run istio-proxy or are redirected to ztunnel");
    }

    /// <summary>Evidence for a unit's ambient pods; names the units whose enrolled pods istio-cni has not redirected.</summary>
    private static IEnumerable<string> Ambient(OutcomeBuilder outcome, WorkloadUnit unit, int podCount, (Cluster.Kinds.Pod Pod, AmbientDecision Decision)[] ambient)
    {
        var (sample, decision) = ambient[0];
        var notRedirected = ambient.Where(a => !a.Decision.Redirected).ToArray();
        outcome.Evidence(
            Kubectl.JsonPath("pod", sample.Namespace, sample.Name, "{.metadata.annotations.ambient\\.istio\\.io/redirection}"),
            $"{ambient.Length}/{podCount} pods of {unit.Reference} are in the ambient data plane ({decision.Detail}): ztunnel carries their mTLS, no sidecar is needed; "
                + $"{ambient.Length - notRedirected.Length}/{ambient.Length} redirected by istio-cni ({AmbientEnrolment.RedirectionAnnotation}: {sample.Meta.Annotations.GetValueOrDefault(AmbientEnrolment.RedirectionAnnotation, "absent")})");
        foreach (var (pod, podDecision) in notRedirected.Take(5))
        {
            outcome.Finding(Catalogue.AmbientPodNotRedirected, pod.Reference, pod.Reference, podDecision.Detail, podDecision.Redirection ?? "absent", pod.NodeName ?? "unscheduled");
        }
        return notRedirected.Length == 0 ? [] : [$"{unit.Reference} has {notRedirected.Length}/{podCount} pods enrolled in ambient but not redirected to ztunnel"];
    }

    /// <summary>The ztunnel DaemonSet when the mesh runs ambient only (no namespace labelled for sidecar injection).</summary>
    private static Cluster.Kinds.Workload? AmbientOnlyMesh(CheckContext context) =>
        context.DaemonSets.All.FirstOrDefault(d => d.Name == "ztunnel") is { } ztunnel && !context.Namespaces.All.Any(n => InjectionPolicy.ForNamespace(n).Injected)
            ? ztunnel
            : null;

    private static void Explain(CheckContext context, OutcomeBuilder outcome, WorkloadUnit unit, Cluster.Kinds.Pod pod, InjectionDecision decision, int podCount)
    {
        var restartable = unit.Kind is "Deployment" or "StatefulSet" or "DaemonSet";
        switch (decision.Reason)
        {
            case InjectionReason.NamespaceNotEnabled when AmbientOnlyMesh(context) is { } ztunnel:
                outcome.Evidence(Kubectl.Get("daemonset", ztunnel.Namespace, ztunnel.Name), $"the mesh runs ambient ({ztunnel.Reference}) and no namespace is labelled for sidecar injection")
                    .Finding(Catalogue.NamespaceNotInjected, $"Namespace/{unit.Namespace}", unit.Namespace, decision.Detail)
                    .Need(new EnrolNamespaceInAmbient(unit.Namespace, $"{unit.Namespace} is in neither data plane ({decision.Detail}); this mesh runs ambient, so enrol it there: istio-cni redirects its running pods, no restart"));
                break;
            case InjectionReason.NamespaceNotEnabled or InjectionReason.NamespaceDisabled:
                outcome.Finding(Catalogue.NamespaceNotInjected, $"Namespace/{unit.Namespace}", unit.Namespace, decision.Detail)
                    .Need(new EnableNamespaceInjection(unit.Namespace, $"{unit.Namespace} is not enabled for injection ({decision.Detail})"));
                if (restartable)
                {
                    outcome.Need(new RestartWorkload(unit.Kind, unit.Namespace, unit.Name, podCount, "injection happens only at pod creation: restart after labelling the namespace"));
                }
                break;
            case InjectionReason.PodOptOutLabel or InjectionReason.PodOptOutAnnotation:
                var byLabel = unit.Controller?.TemplateLabels.ContainsKey(InjectionPolicy.InjectKey) ?? decision.Reason == InjectionReason.PodOptOutLabel;
                var byAnnotation = unit.Controller?.TemplateAnnotations.ContainsKey(InjectionPolicy.InjectKey) ?? decision.Reason == InjectionReason.PodOptOutAnnotation;
                outcome.Evidence(
                    Kubectl.JsonPath(unit.Kind.ToLowerInvariant(), unit.Namespace, unit.Name, "{.spec.template.metadata.labels.sidecar\\.istio\\.io/inject}"),
                    $"{unit.Reference} template: {decision.Detail}")
                    .Finding(Catalogue.PodOptedOut, unit.Reference, unit.Reference, decision.Detail);
                if (restartable)
                {
                    outcome.Need(new RemovePodOptOut(unit.Kind, unit.Namespace, unit.Name, byLabel, byAnnotation, $"the pod template opts out with {decision.Detail}; the namespace label is not the problem"));
                }
                break;
            default:
                outcome.Finding(Catalogue.PodPredatesInjection, pod.Reference, pod.Reference, decision.Detail);
                if (restartable)
                {
                    outcome.Need(new RestartWorkload(unit.Kind, unit.Namespace, unit.Name, podCount, $"the pods were created without injection although {decision.Detail}"));
                }
                break;
        }
    }
}
