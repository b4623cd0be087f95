using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

public sealed class TransitionTests
{
    [Fact]
    public void ToString_Always_ShowsSourceTriggerDestination()
    {
        var transition = new Transition<State, Trigger>(State.Open, State.Diagnosing, Trigger.Start, [], isReentry: false);

        Assert.Equal("Open --Start--> Diagnosing", transition.ToString());
    }

    [Fact]
    public void Constructor_NullArguments_Throws()
    {
        Assert.Throws<ArgumentNullException>(
            () => new Transition<State, Trigger>(State.Open, State.Open, Trigger.Ping, null!, isReentry: true));
    }
}
