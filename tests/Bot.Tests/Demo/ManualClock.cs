namespace MeshBot.Bot.Tests.Demo;

/// <summary>A clock the test moves: rollout restarts and timestamps depend on it.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
