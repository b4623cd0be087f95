using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Ambient;

/// <summary>
/// Branch 1, ambient form: the data plane of a pod enrolled in ambient is its node's ztunnel, and istio-cni on that
/// node redirects it there. For each node that runs an enrolled pod of the path, a ready ztunnel pod and a ready
/// istio-cni pod must be there; the fix is a restart of that DaemonSet, never a sidecar.
/// </summary>
internal sealed class AmbientNodeAgentsCheck : ICheck
{
    public Branch Branch => Branch.SidecarMissing;
    public string Name => "AmbientNodeAgents";
    public string Description => "Every node running an ambient pod of the path runs a ready ztunnel and a ready istio-cni node agent.";
    public IReadOnlyList<ResourceKind> Reads => [ResourceKinds.Namespace, ResourceKinds.Pod, ResourceKinds.DaemonSet];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var enrolled = context.Path.Ends.Where(e => !e.IsPlatform)
            .SelectMany(e => e.Units).SelectMany(u => u.Pods)
            .Select(p => context.Pods.Get(p.Namespace, p.Name) ?? p)
            .Where(p => AmbientEnrolment.ForPod(p, context.Namespaces.Get(p.Namespace ?? "")).Enrolled)
            .ToArray();
        if (enrolled.Length == 0)
        {
            return outcome.Skipped("no pod on the path is in the ambient data plane");
        }
        var root = context.Options.RootNamespace;
        if (CheckContext.Unread(context.Pods, root).Concat(CheckContext.Unread(context.DaemonSets, root)).ToArray() is [_, ..] unread)
        {
            return outcome.Unread(unread).Inconclusive($"the ambient node agents could not be inspected: {UnreadInput.Explain(unread)}");
        }

        var broken = new List<string>();
        foreach (var agent in AmbientNodeAgent.All)
        {
            var daemonSet = context.DaemonSets.All.FirstOrDefault(d => d.Name == agent.DaemonSet);
            var agentPods = context.Pods.All.Where(p => p.Meta.Label(agent.PodLabel) == agent.PodLabelValue).ToArray();
            var ns = daemonSet?.Namespace ?? agentPods.FirstOrDefault()?.Namespace ?? root;
            var nodesDown = new List<string>();
            foreach (var node in enrolled.GroupBy(p => p.NodeName ?? "").Where(g => g.Key.Length > 0))
            {
                var here = agentPods.Where(p => p.NodeName == node.Key).ToArray();
                var ready = here.Count(p => p.Ready);
                outcome.Evidence(
                    Kubectl.Get("pods", ns, output: $"-l {agent.Selector} --field-selector spec.nodeName={node.Key} -o wide"),
                    $"{agent.DaemonSet} on node {node.Key} ({agent.Role}): {ready}/{here.Length} pods ready; {node.Count()} ambient pod(s) of the path run there");
                if (ready > 0)
                {
                    continue;
                }
                var pod = node.First();
                outcome.Finding(Catalogue.AmbientNodeAgentNotReady, $"Node/{node.Key}", agent.DaemonSet, node.Key, pod.Reference, agent.Role);
                broken.Add($"{agent.DaemonSet} is not ready on node {node.Key}, where {pod.Reference} runs");
                nodesDown.Add(node.Key);
            }
            if (daemonSet is not null && nodesDown.Count > 0)
            {
                outcome.Need(new RestartWorkload("DaemonSet", daemonSet.Namespace!, daemonSet.Name, daemonSet.Replicas,
                    $"ambient pods on {string.Join(", ", nodesDown)} depend on {agent.DaemonSet}, which {agent.Role}; a restart recreates its pods (the ambient fix, not a sidecar)"));
            }
            if (daemonSet is null && agentPods.Length == 0)
            {
                outcome.Evidence(Kubectl.Get("daemonsets", null, output: "-A"), $"no {agent.DaemonSet} DaemonSet anywhere: ambient is not installed, so nothing can be restarted");
            }
        }

        return broken.Count > 0
            ? outcome.Confirmed(string.Join("; ", broken))
            : outcome.RuledOut($"ztunnel and istio-cni are ready on every node of the path's {enrolled.Length} ambient pod(s)");
    }
}
