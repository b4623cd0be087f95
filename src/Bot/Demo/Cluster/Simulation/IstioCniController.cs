using System.Text.Json.Nodes;
using MeshBot.Cluster;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// istio-cni's node agent: a pod enrolled in ambient (its namespace or its own label <c>istio.io/dataplane-mode=ambient</c>,
/// no sidecar, not hostNetwork) on a node with a ready istio-cni pod is redirected to ztunnel, which the agent records
/// with <c>ambient.istio.io/redirection: enabled</c>. Enrolment needs no restart, unlike sidecar injection.
/// </summary>
internal sealed class IstioCniController(ObjectStore store)
{
    public void Redirect(string ns)
    {
        var nsLabels = store.Get(ResourceKinds.Namespace, null, ns).Map("metadata", "labels");
        var agentNodes = store.List(ResourceKinds.Pod)
            .Where(p => p.Map("metadata", "labels").GetValueOrDefault("k8s-app") == "istio-cni-node" && WorkloadPods.IsReady(p))
            .Select(p => p.Str("spec", "nodeName")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var pod in store.List(ResourceKinds.Pod, ns).ToArray())
        {
            var labels = pod.Map("metadata", "labels");
            var annotations = pod.Map("metadata", "annotations");
            var mode = labels.GetValueOrDefault(AmbientEnrolment.DataplaneModeLabel) ?? nsLabels.GetValueOrDefault(AmbientEnrolment.DataplaneModeLabel);
            var enrolled = mode == AmbientEnrolment.Ambient
                && !annotations.ContainsKey(AmbientEnrolment.SidecarStatusAnnotation)
                && pod.At("spec", "hostNetwork")?.GetValue<bool>() != true;
            if (enrolled && pod.Str("spec", "nodeName") is { } node && agentNodes.Contains(node)
                && annotations.GetValueOrDefault(AmbientEnrolment.RedirectionAnnotation) != AmbientEnrolment.RedirectionEnabled)
            {
                store.Update(ResourceKinds.Pod, pod, p => p.Obj("metadata", "annotations")[AmbientEnrolment.RedirectionAnnotation] = AmbientEnrolment.RedirectionEnabled);
            }
        }
    }
}
