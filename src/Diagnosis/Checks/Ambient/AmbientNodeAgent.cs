namespace MeshBot.Diagnosis.Checks.Ambient;

/// <summary>A per-node DaemonSet the ambient data plane needs: its name and the label its pods carry.</summary>
internal sealed record AmbientNodeAgent(string DaemonSet, string PodLabel, string PodLabelValue, string Role)
{
    /// <summary>ztunnel carries the node's ambient traffic (HBONE mTLS); without it an enrolled pod has no data plane.</summary>
    public static readonly AmbientNodeAgent Ztunnel = new("ztunnel", "app", "ztunnel", "carries the node's ambient mTLS");

    /// <summary>The istio-cni node agent redirects enrolled pods' traffic to ztunnel.</summary>
    public static readonly AmbientNodeAgent IstioCni = new("istio-cni-node", "k8s-app", "istio-cni-node", "redirects the node's enrolled pods to ztunnel");

    public static readonly AmbientNodeAgent[] All = [Ztunnel, IstioCni];

    public string Selector => $"{PodLabel}={PodLabelValue}";
}
