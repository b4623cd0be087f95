using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

/// <summary>The rules one state can hold, and the configurations that are refused up front.</summary>
public sealed class StateConfigurationTests
{
    [Fact]
    public void Configure_SameStateTwice_AddsToTheSameRules()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);
        machine.Configure(State.Open).Permit(Trigger.Resolve, State.Closed);

        Assert.Equal([Trigger.Start, Trigger.Resolve], machine.PermittedTriggers);
        Assert.Equal(State.Open, machine.Configure(State.Open).State);
    }

    [Fact]
    public void Permit_SameStateAsSource_IsRefused()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);

        var error = Assert.Throws<StateMachineConfigurationException>(
            () => machine.Configure(State.Open).Permit(Trigger.Ping, State.Open));

        Assert.Equal("Trigger 'Ping' in state 'Open' targets the same state; use PermitReentry or Ignore", error.Message);
    }

    [Fact]
    public void Permit_TriggerAlreadyPermitted_IsRefused()
    {
        var config = new StateMachine<State, Trigger>(State.Open).Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);

        var error = Assert.Throws<StateMachineConfigurationException>(() => config.Permit(Trigger.Start, State.Closed));

        Assert.Equal(
            "Trigger 'Start' is configured more than once in state 'Open' and not every rule has a guard; "
            + "use PermitIf with guards that exclude each other",
            error.Message);
    }

    [Fact]
    public void PermitIf_BesideUnconditionalRule_IsRefused()
    {
        var config = new StateMachine<State, Trigger>(State.Open).Configure(State.Open).Ignore(Trigger.Start);

        Assert.Throws<StateMachineConfigurationException>(
            () => config.PermitIf(Trigger.Start, State.Closed, () => true, "never ambiguous?"));
    }

    [Fact]
    public void Ignore_BesideGuardedRule_IsRefused()
    {
        var config = new StateMachine<State, Trigger>(State.Open)
            .Configure(State.Open)
            .PermitIf(Trigger.Start, State.Closed, () => true, "guarded");

        Assert.Throws<StateMachineConfigurationException>(() => config.Ignore(Trigger.Start));
    }

    [Fact]
    public void PermitIf_BlankDescription_IsRefused()
    {
        var config = new StateMachine<State, Trigger>(State.Open).Configure(State.Open);

        Assert.Throws<ArgumentException>(() => config.PermitIf(Trigger.Start, State.Closed, () => true, " "));
        Assert.Throws<ArgumentNullException>(() => config.PermitIf(Trigger.Start, State.Closed, null!, "described"));
    }

    [Fact]
    public void PermitReentry_Fired_ExitsAndReentersTheState()
    {
        var log = new List<string>();
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        machine.Configure(State.Diagnosing)
            .PermitReentry(Trigger.Ping)
            .OnEntry(() => log.Add("enter"))
            .OnExit(() => log.Add("exit"));
        Transition<State, Trigger>? seen = null;
        machine.OnTransitioned(t => seen = t);

        machine.Fire(Trigger.Ping);

        Assert.Equal(["exit", "enter"], log);
        Assert.NotNull(seen);
        Assert.True(seen.IsReentry);
        Assert.Equal(State.Diagnosing, seen.Source);
        Assert.Equal(State.Diagnosing, seen.Destination);
    }

    [Fact]
    public void PermitReentryIf_GuardFalse_IsRefusedWithDescription()
    {
        var allowed = false;
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        machine.Configure(State.Diagnosing).PermitReentryIf(Trigger.Ping, () => allowed, "a new alert arrived");

        var error = Assert.Throws<InvalidTransitionException>(() => machine.Fire(Trigger.Ping));
        allowed = true;
        machine.Fire(Trigger.Ping);

        Assert.Equal(["a new alert arrived"], error.UnmetGuards);
        Assert.Equal(State.Diagnosing, machine.State);
    }

    [Fact]
    public void SubstateOf_Itself_IsRefusedAsCycle()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);

        Assert.Throws<StateMachineConfigurationException>(() => machine.Configure(State.Active).SubstateOf(State.Active));
    }

    [Fact]
    public void SubstateOf_Cycle_IsRefused()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Diagnosing).SubstateOf(State.Active);
        machine.Configure(State.Active).SubstateOf(State.Open);

        var error = Assert.Throws<StateMachineConfigurationException>(() => machine.Configure(State.Open).SubstateOf(State.Diagnosing));

        Assert.Equal("State 'Open' cannot be a substate of 'Diagnosing': that would make a cycle", error.Message);
    }

    [Fact]
    public void SubstateOf_SecondDifferentSuperstate_IsRefused()
    {
        var config = new StateMachine<State, Trigger>(State.Open).Configure(State.Diagnosing).SubstateOf(State.Active);

        var error = Assert.Throws<StateMachineConfigurationException>(() => config.SubstateOf(State.Open));

        Assert.Equal("State 'Diagnosing' is already a substate of 'Active'", error.Message);
    }

    [Fact]
    public void SubstateOf_SameSuperstateAgain_IsHarmless()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        machine.Configure(State.Diagnosing).SubstateOf(State.Active).SubstateOf(State.Active);

        Assert.True(machine.IsInState(State.Active));
        Assert.Equal(["Diagnosing"], machine.GetInfo()["Active"].Substates);
    }

    [Fact]
    public void OnEntry_NullAction_Throws()
    {
        var config = new StateMachine<State, Trigger>(State.Open).Configure(State.Open);

        Assert.Throws<ArgumentNullException>(() => config.OnEntry(null!));
        Assert.Throws<ArgumentNullException>(() => config.OnEntryAsync(null!));
        Assert.Throws<ArgumentNullException>(() => config.OnEntryFrom(Trigger.Start, null!));
        Assert.Throws<ArgumentNullException>(() => config.OnEntryFromAsync(Trigger.Start, null!));
        Assert.Throws<ArgumentNullException>(() => config.OnExit(null!));
        Assert.Throws<ArgumentNullException>(() => config.OnExitAsync(null!));
    }
}
