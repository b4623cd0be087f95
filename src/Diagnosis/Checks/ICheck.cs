using MeshBot.Cluster;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks;

/// <summary>
/// One check of the runbook: a small unit that declares what it reads, sees the cluster only through
/// its <see cref="CheckContext"/>, and reports an outcome for its branch.
/// </summary>
public interface ICheck
{
    Branch Branch { get; }

    /// <summary>A stable name (<c>SidecarPresence</c>).</summary>
    string Name { get; }

    /// <summary>One line: what the check looks for.</summary>
    string Description { get; }

    /// <summary>The kinds the check reads; a test proves the declaration honest.</summary>
    IReadOnlyList<ResourceKind> Reads { get; }

    CheckOutcome Run(CheckContext context);
}
