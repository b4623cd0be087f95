namespace MeshBot.Remediation.Execution;

/// <summary>How long a <c>WaitForRollout</c> step waits for a controller to be ready, and how often it looks.</summary>
public sealed record RolloutWaitOptions
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);
}
