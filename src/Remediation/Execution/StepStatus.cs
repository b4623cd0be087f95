namespace MeshBot.Remediation.Execution;

public enum StepStatus
{
    NotRun,
    Started,
    Succeeded,

    /// <summary>Nothing to change: the cluster already is as the step wants it (applying twice changes nothing).</summary>
    Unchanged,
    Failed,
}

/// <summary>One step of an executed proposal, as reported and persisted.</summary>
public sealed record StepOutcome(int Index, string Description, StepStatus Status, string Detail);

/// <summary>Everything that was and was not done for one proposal.</summary>
public sealed record ExecutionResult(string ProposalId, IReadOnlyList<StepOutcome> Steps)
{
    public bool Succeeded => Steps.All(s => s.Status is StepStatus.Succeeded or StepStatus.Unchanged);

    public string Summary() => string.Join("; ", Steps.Select(s => $"{s.Index + 1}. {s.Description}: {s.Status.ToString().ToLowerInvariant()}{(s.Detail.Length > 0 ? $" ({s.Detail})" : "")}"));
}
