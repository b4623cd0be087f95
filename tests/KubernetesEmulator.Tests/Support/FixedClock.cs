namespace MeshBot.KubernetesEmulator.Tests.Support;

/// <summary>A clock stopped at one instant, so table ages are exact.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
