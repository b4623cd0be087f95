using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Mesh;

public enum PolicyLevel
{
    /// <summary>No policy decided: Istio's default.</summary>
    Default,
    Mesh,
    Namespace,
    Workload,
    Port,
}

/// <summary>
/// The server-side mode for one workload and port, which policy decided it, and the policy seen at each
/// level (for evidence: "mesh STRICT, namespace PERMISSIVE, workload UNSET → PERMISSIVE").
/// </summary>
public sealed record EffectivePeerAuthentication(
    MtlsMode Mode,
    PolicyLevel DecidedAt,
    PeerAuthentication? DecidedBy,
    PeerAuthentication? Mesh,
    PeerAuthentication? Namespace,
    PeerAuthentication? Workload,
    int? ContainerPort)
{
    public string Explain()
    {
        var levels = new List<string>
        {
            Describe("mesh", Mesh, Mesh?.Mode),
            Describe("namespace", Namespace, Namespace?.Mode),
            Describe("workload", Workload, Workload?.Mode),
        };
        if (ContainerPort is { } port && Workload?.PortLevelMtls.TryGetValue(port, out var portMode) == true)
        {
            levels.Add($"port {port} {portMode.Wire()}");
        }
        var decided = DecidedBy is null ? "no policy sets a mode: Istio's default" : $"decided by {DecidedAt.ToString().ToLowerInvariant()} policy {DecidedBy.Reference}";
        return $"{Mode.Wire()}{(ContainerPort is { } p ? $" on container port {p}" : "")} ({decided}; {string.Join(", ", levels)})";
    }

    private static string Describe(string level, PeerAuthentication? policy, MtlsMode? mode) =>
        policy is null ? $"{level}: none" : $"{level}: {policy.Meta.Namespace}/{policy.Name} {(mode ?? MtlsMode.Unset).Wire()}";
}
