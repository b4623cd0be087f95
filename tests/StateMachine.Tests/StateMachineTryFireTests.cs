using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

/// <summary>TryFire: the same rules as Fire, with refusals returned as results.</summary>
public sealed class StateMachineTryFireTests
{
    [Fact]
    public void TryFire_Permitted_ReturnsTransition()
    {
        var workflow = new Workflow();

        var result = workflow.Machine.TryFire(Trigger.Start);

        Assert.True(result.Succeeded);
        Assert.False(result.IsIgnored);
        Assert.Null(result.Error);
        Assert.Empty(result.UnmetGuards);
        Assert.NotNull(result.Transition);
        Assert.Equal(State.Diagnosing, result.Transition.Destination);
        Assert.Equal(State.Diagnosing, workflow.Current);
    }

    [Fact]
    public void TryFire_GuardFalse_ReturnsReasonsAndKeepsState()
    {
        var workflow = new Workflow(State.Diagnosing);

        var result = workflow.Machine.TryFire(Trigger.Approve);

        Assert.False(result.Succeeded);
        Assert.Null(result.Transition);
        Assert.Equal(["an approver pressed the button"], result.UnmetGuards);
        Assert.Equal(
            "Trigger 'Approve' is not valid in state 'Diagnosing': guard 'an approver pressed the button' not met",
            result.Error);
        Assert.Equal(State.Diagnosing, workflow.Current);
    }

    [Fact]
    public void TryFire_NoRule_ReturnsReasonWithoutGuards()
    {
        var workflow = new Workflow();

        var result = workflow.Machine.TryFire(Trigger.Resolve);

        Assert.False(result.Succeeded);
        Assert.Empty(result.UnmetGuards);
        Assert.Equal("Trigger 'Resolve' is not valid in state 'Open': no transition for it", result.Error);
    }

    [Fact]
    public void TryFire_Ignored_SucceedsWithoutTransition()
    {
        var workflow = new Workflow();

        var result = workflow.Machine.TryFire(Trigger.Ping);

        Assert.True(result.Succeeded);
        Assert.True(result.IsIgnored);
        Assert.Null(result.Transition);
    }

    [Fact]
    public void TryFire_UnhandledHandlerSet_DoesNotCallIt()
    {
        var workflow = new Workflow();
        var called = false;
        workflow.Machine.OnUnhandledTrigger((_, _, _) => called = true);

        var result = workflow.Machine.TryFire(Trigger.Resolve);

        Assert.False(result.Succeeded);
        Assert.False(called);
    }

    [Fact]
    public void TryFire_Ambiguous_StillThrowsConfigurationError()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open)
            .PermitIf(Trigger.Start, State.Diagnosing, () => true, "a")
            .PermitIf(Trigger.Start, State.Closed, () => true, "b");

        Assert.Throws<StateMachineConfigurationException>(() => machine.TryFire(Trigger.Start));
    }

    [Fact]
    public void TryFire_FromEntryAction_ThrowsBecauseItCannotBeQueued()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        Exception? inner = null;
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);
        machine.Configure(State.Diagnosing).OnEntry(() => inner = Record.Exception(() => machine.TryFire(Trigger.Resolve)));

        machine.Fire(Trigger.Start);

        Assert.IsType<InvalidOperationException>(inner);
        Assert.Equal(State.Diagnosing, machine.State);
    }

    [Fact]
    public void TryFire_Parameterised_PassesArgumentToGuard()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        var approve = machine.SetTriggerParameters<string>(Trigger.Approve);
        machine.Configure(State.Diagnosing).PermitIf(approve, State.Remediating, who => who == "alice", "the approver is on call");

        var refused = machine.TryFire(approve, "bob");
        var accepted = machine.TryFire(approve, "alice");

        Assert.Equal(["the approver is on call"], refused.UnmetGuards);
        Assert.True(accepted.Succeeded);
        Assert.Equal(State.Remediating, machine.State);
    }
}
