using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks;

public sealed record CheckOutcome(
    string Check,
    StepResult Result,
    string Summary,
    IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<RemediationNeed> Needs);
