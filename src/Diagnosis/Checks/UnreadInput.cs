using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks;

/// <summary>
/// An input a check needed and could not see: the kind was forbidden, or a snapshot did not capture it (in one
/// namespace, or anywhere when <see cref="Namespace"/> is null). Its absence proves nothing, so a check that meets
/// one neither confirms nor rules out on it, and names the command that would show it.
/// </summary>
public sealed record UnreadInput(ResourceKind Kind, string? Namespace, ReadStatus Status, string? Message)
{
    /// <summary>The read-only command that shows the objects, or captures them into a bundle.</summary>
    public string Command => Kubectl.Capture(Kind, Namespace);

    public string Observed => Status == ReadStatus.Forbidden
        ? Message ?? $"reading {Kind.Plural} is forbidden"
        : $"{Kind.Plural}{(Namespace is null ? "" : $" in {Namespace}")} not captured in the snapshot";

    /// <summary>For a summary: what could not be read, and how to see it.</summary>
    public static string Explain(IEnumerable<UnreadInput> inputs) =>
        string.Join("; ", inputs.Select(i => $"{i.Observed}; next: {i.Command}"));
}
