using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Mesh;

/// <summary>What carries a workload's mesh traffic: its own sidecar, its node's ztunnel (ambient), or nothing.</summary>
public enum DataPlane
{
    None,
    Sidecar,
    Ambient,
}

public static class DataPlanes
{
    /// <summary>The data plane of a workload's pods: the one all of them share, else <see cref="DataPlane.None"/> (no pods, or a mix).</summary>
    public static DataPlane Of(IReadOnlyCollection<Pod> pods, Namespace? ns)
    {
        if (pods.Count > 0 && pods.All(p => p.HasSidecar))
        {
            return DataPlane.Sidecar;
        }
        return pods.Count > 0 && pods.All(p => AmbientEnrolment.ForPod(p, ns).Enrolled) ? DataPlane.Ambient : DataPlane.None;
    }

    public static string Wire(this DataPlane plane) => plane.ToString().ToLowerInvariant();
}
