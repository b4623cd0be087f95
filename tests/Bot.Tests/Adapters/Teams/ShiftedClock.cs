namespace MeshBot.Bot.Tests.Adapters.Teams;

/// <summary>The system clock moved by hand: timers stay real (Kestrel, delays), the time read can jump ahead.</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
