using MeshBot.Cluster;
using MeshBot.Cluster.Writing;

namespace MeshBot.Remediation.Proposals;

public enum WriteVerb
{
    Create,
    Patch,
    RolloutRestart,

    /// <summary>Not a write: wait until a rollout is complete before the next step (istiod before the workloads).</summary>
    WaitForRollout,
}

/// <summary>
/// One step of a proposal as the executor runs it, made from the same data as the proposal's kubectl and manifest.
/// <see cref="Body"/> is JSON: the object to create, or the patch.
/// </summary>
public sealed record PlannedWrite(WriteVerb Verb, ResourceKind Kind, string? Namespace, string Name, PatchType? PatchType = null, string? Body = null)
{
    public string Target => Kind.Reference(Namespace, Name);

    public string Describe() => Verb switch
    {
        WriteVerb.Create => $"create {Target}",
        WriteVerb.Patch => $"patch {Target} ({PatchType?.ToString().ToLowerInvariant()})",
        WriteVerb.RolloutRestart => $"rollout restart {Target}",
        _ => $"wait for {Target} to be ready",
    };
}
