using MeshBot.Diagnosis.Checks;
using MeshBot.Diagnosis.Findings;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>One branch of the walk (or a probe): the combined result of its checks and everything they looked at.</summary>
public sealed record Step(Branch Branch, StepResult Result, string Summary, IReadOnlyList<CheckOutcome> Checks)
{
    public IEnumerable<Evidence> Evidence => Checks.SelectMany(c => c.Evidence);
}

/// <summary>The conclusion: a branch word of the contract (a tree branch, <c>healthy</c> or <c>inconclusive</c>) and one actionable sentence.</summary>
public sealed record Verdict(string Branch, string Summary, Branch? Cause);

public sealed record DiagnosisReport(
    DiagnosisRequest Request,
    DiagnosisPath Path,
    string Source,
    DateTimeOffset DiagnosedAt,
    Verdict Verdict,
    Step ControlPlane,
    Step Symptoms,
    IReadOnlyList<Step> Steps,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<RemediationNeed> Needs)
{
    /// <summary>The path's TLS contract per port (what the server accepts, what the client sends), as data.</summary>
    public IReadOnlyList<PortEdge> Edges { get; init; } = [];
}
