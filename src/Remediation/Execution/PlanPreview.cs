namespace MeshBot.Remediation.Execution;

/// <summary>What one write would do, from a server-side dry run: the fields it changes, and whether it creates the object.</summary>
public sealed record WritePreview(string Description, IReadOnlyList<string> Changes, string? Error);

/// <summary>
/// The preview shown with a proposal's buttons: each write's dry-run result, how many pods restart, and the
/// fingerprint of the objects it touches (their resourceVersions), which tells a later press whether the
/// proposal went stale.
/// </summary>
public sealed record PlanPreview(string ProposalId, IReadOnlyList<WritePreview> Writes, int PodsRestarting, string Fingerprint)
{
    public bool DryRunPassed => Writes.All(w => w.Error is null);

    public bool ChangesNothing => DryRunPassed && Writes.All(w => w.Changes.Count == 0);
}
