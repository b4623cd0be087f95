using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

/// <summary>A pod controller: Deployment, StatefulSet, DaemonSet or ReplicaSet.</summary>
public sealed class Workload : KubeObject
{
    public Workload(ResourceKind kind, JsonElement raw) : base(kind, raw)
    {
        Selector = LabelSelector.From(raw.Path("spec", "selector"));
        TemplateLabels = raw.StringMap("spec", "template", "metadata", "labels");
        TemplateAnnotations = raw.StringMap("spec", "template", "metadata", "annotations");
        TemplateHostNetwork = raw.Bool("spec", "template", "spec", "hostNetwork") ?? false;
        Replicas = kind == ResourceKinds.DaemonSet
            ? raw.Int("status", "desiredNumberScheduled") ?? 0
            : raw.Int("spec", "replicas") ?? 1;
        ReadyReplicas = kind == ResourceKinds.DaemonSet
            ? raw.Int("status", "numberReady") ?? 0
            : raw.Int("status", "readyReplicas") ?? 0;
    }

    public LabelSelector Selector { get; }

    public IReadOnlyDictionary<string, string> TemplateLabels { get; }

    public IReadOnlyDictionary<string, string> TemplateAnnotations { get; }

    public bool TemplateHostNetwork { get; }

    public int Replicas { get; }

    public int ReadyReplicas { get; }

    public bool IsReady => Replicas > 0 && ReadyReplicas >= Replicas;
}
