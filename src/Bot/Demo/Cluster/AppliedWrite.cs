using MeshBot.Cluster;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Demo.Cluster;

/// <summary>
/// One write the in-memory cluster accepted: <see cref="Verb"/> is <c>create</c>, <c>patch</c> or <c>rollout restart</c>
/// (<see cref="Patch"/> says which patch), <see cref="Changed"/> is false for a no-op (the object was already so) and for
/// a dry run, which never changes anything.
/// </summary>
public sealed record AppliedWrite(string Verb, ResourceKind Kind, string? Namespace, string Name, bool DryRun, DateTimeOffset Time, bool Changed, PatchType? Patch = null)
{
    /// <summary><c>Kind/namespace/name</c>, as the diagnosis contract names objects.</summary>
    public string Reference => Kind.Reference(Namespace, Name);

    public override string ToString() =>
        $"{Verb}{(Patch is { } p ? $" ({p.ToString().ToLowerInvariant()})" : "")} {Reference}{(DryRun ? " [dry run]" : Changed ? "" : " [unchanged]")}";
}
