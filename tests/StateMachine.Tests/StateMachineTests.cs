using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

public sealed class StateMachineTests
{
    [Fact]
    public void Constructor_InitialState_HoldsItAndChangesOnFire()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);

        Assert.Equal(State.Open, machine.State);
        machine.Fire(Trigger.Start);
        Assert.Equal(State.Diagnosing, machine.State);
    }

    [Fact]
    public void Constructor_NullAccessorOrMutator_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new StateMachine<State, Trigger>(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => new StateMachine<State, Trigger>(() => State.Open, null!));
    }

    [Fact]
    public void Fire_ExternalState_WritesThroughMutator()
    {
        var workflow = new Workflow();
        var written = new List<State>();
        var machine = new StateMachine<State, Trigger>(() => workflow.Current, s =>
        {
            written.Add(s);
            workflow.Current = s;
        });
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);

        machine.Fire(Trigger.Start);

        Assert.Equal([State.Diagnosing], written);
        Assert.Equal(State.Diagnosing, workflow.Current);
    }

    [Fact]
    public void Fire_MachineBuiltOnSavedState_ContinuesFromThere()
    {
        var first = new Workflow { Approved = true };
        first.Machine.Fire(Trigger.Start);
        var saved = first.Current;

        var reloaded = new Workflow(saved) { Approved = true };
        reloaded.Machine.Fire(Trigger.Approve);

        Assert.Equal(State.Remediating, reloaded.Current);
        Assert.Equal(["exit Diagnosing", "enter Remediating"], reloaded.Log);
    }

    [Fact]
    public void Constructor_SavedState_RunsNoEntryAction()
    {
        var workflow = new Workflow(State.Diagnosing);

        Assert.Empty(workflow.Log);
        Assert.Equal(State.Diagnosing, workflow.Machine.State);
    }

    [Fact]
    public void State_ChangedOutsideMachine_IsReadThroughAccessor()
    {
        var workflow = new Workflow();
        workflow.Current = State.Closed;

        Assert.Equal(State.Closed, workflow.Machine.State);
        workflow.Machine.Fire(Trigger.Reopen);
        Assert.Equal(State.Open, workflow.Current);
    }

    [Theory]
    [InlineData(State.Diagnosing, State.Diagnosing, true)]
    [InlineData(State.Diagnosing, State.Active, true)]
    [InlineData(State.Active, State.Diagnosing, false)]
    [InlineData(State.Diagnosing, State.Remediating, false)]
    [InlineData(State.Open, State.Active, false)]
    public void IsInState_Hierarchy_IncludesSuperstates(State current, State asked, bool expected)
    {
        var workflow = new Workflow(current);

        Assert.Equal(expected, workflow.Machine.IsInState(asked));
    }

    [Fact]
    public void IsInState_UnconfiguredCurrentState_ComparesByEquality()
    {
        var machine = new StateMachine<string, string>("limbo");

        Assert.True(machine.IsInState("limbo"));
        Assert.False(machine.IsInState("other"));
    }

    [Theory]
    [InlineData(State.Open, Trigger.Start, true)]
    [InlineData(State.Open, Trigger.Ping, true)]
    [InlineData(State.Open, Trigger.Resolve, false)]
    [InlineData(State.Diagnosing, Trigger.Resolve, true)]
    [InlineData(State.Diagnosing, Trigger.Approve, false)]
    public void CanFire_State_AnswersWithoutFiring(State current, Trigger trigger, bool expected)
    {
        var workflow = new Workflow(current);

        Assert.Equal(expected, workflow.Machine.CanFire(trigger));
        Assert.Equal(current, workflow.Current);
        Assert.Empty(workflow.Log);
    }

    [Fact]
    public void CanFire_GuardBecomesTrue_ReturnsTrue()
    {
        var workflow = new Workflow(State.Diagnosing) { Approved = true };

        Assert.True(workflow.Machine.CanFire(Trigger.Approve));
    }

    [Fact]
    public void PermittedTriggers_Substate_IncludesInheritedAndOnlyMetGuards()
    {
        var workflow = new Workflow(State.Diagnosing);

        Assert.Equal([Trigger.Resolve], workflow.Machine.PermittedTriggers);
        workflow.Approved = true;
        Assert.Equal([Trigger.Approve, Trigger.Resolve], workflow.Machine.PermittedTriggers);
    }

    [Fact]
    public void PermittedTriggers_IgnoredTrigger_IsIncluded()
    {
        var workflow = new Workflow();

        Assert.Equal([Trigger.Start, Trigger.Ping], workflow.Machine.PermittedTriggers);
    }

    [Fact]
    public void PermittedTriggers_TwoGuardedRulesForOneTrigger_ListsItOnce()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open)
            .PermitIf(Trigger.Start, State.Diagnosing, () => true, "a")
            .PermitIf(Trigger.Start, State.Closed, () => false, "b");

        Assert.Equal([Trigger.Start], machine.PermittedTriggers);
    }

    [Fact]
    public void PermittedTriggers_UnconfiguredState_IsEmpty()
    {
        var machine = new StateMachine<State, Trigger>(State.Closed);

        Assert.Empty(machine.PermittedTriggers);
    }

    [Fact]
    public void OnTransitioned_NullHandler_Throws()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);

        Assert.Throws<ArgumentNullException>(() => machine.OnTransitioned(null!));
        Assert.Throws<ArgumentNullException>(() => machine.OnUnhandledTrigger(null!));
    }
}
