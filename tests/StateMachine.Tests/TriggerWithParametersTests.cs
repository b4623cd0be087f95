using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

/// <summary>Parameterised triggers: typed arguments to guards, entry actions and transitions.</summary>
public sealed class TriggerWithParametersTests
{
    private sealed record Approval(string By, string Channel);

    [Fact]
    public void SetTriggerParameters_Returns_TypedTriggerForThatTrigger()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);

        var approve = machine.SetTriggerParameters<string>(Trigger.Approve);

        Assert.Equal(Trigger.Approve, approve.Trigger);
        Assert.Equal("Approve(String)", approve.ToString());
    }

    [Fact]
    public void SetTriggerParameters_Twice_IsRefused()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.SetTriggerParameters<string>(Trigger.Approve);

        var error = Assert.Throws<StateMachineConfigurationException>(() => machine.SetTriggerParameters<int>(Trigger.Approve));

        Assert.Equal("Parameters for trigger 'Approve' are already set (String)", error.Message);
    }

    [Fact]
    public void OnEntryFrom_TypedTrigger_ReceivesArgument()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        var approve = machine.SetTriggerParameters<Approval>(Trigger.Approve);
        Approval? received = null;
        machine.Configure(State.Diagnosing).Permit(approve.Trigger, State.Remediating);
        machine.Configure(State.Remediating).OnEntryFrom(approve, a => received = a, "record the approval");

        machine.Fire(approve, new Approval("alice", "#incident-42"));

        Assert.Equal(new Approval("alice", "#incident-42"), received);
    }

    [Fact]
    public void PermitIf_TypedGuard_ReadsArgumentAndExplainsRefusal()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        var approve = machine.SetTriggerParameters<Approval>(Trigger.Approve);
        machine.Configure(State.Diagnosing)
            .PermitIf(approve, State.Remediating, a => a.By != "bot", "a human approved");

        var error = Assert.Throws<InvalidTransitionException>(() => machine.Fire(approve, new Approval("bot", "#x")));
        machine.Fire(approve, new Approval("alice", "#x"));

        Assert.Equal("Trigger 'Approve' is not valid in state 'Diagnosing': guard 'a human approved' not met", error.Message);
        Assert.Equal(State.Remediating, machine.State);
    }

    [Fact]
    public void CanFire_TypedGuard_WithArgumentEvaluatesIt()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        var approve = machine.SetTriggerParameters<string>(Trigger.Approve);
        machine.Configure(State.Diagnosing).PermitIf(approve, State.Remediating, who => who == "alice", "alice approves");

        Assert.True(machine.CanFire(approve, "alice"));
        Assert.False(machine.CanFire(approve, "bob"));
    }

    [Fact]
    public void CanFire_TypedGuardWithoutArgument_CountsItAsMet()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        var approve = machine.SetTriggerParameters<string>(Trigger.Approve);
        machine.Configure(State.Diagnosing).PermitIf(approve, State.Remediating, _ => false, "never");

        Assert.True(machine.CanFire(Trigger.Approve));
        Assert.Equal([Trigger.Approve], machine.PermittedTriggers);
    }

    [Fact]
    public void Fire_ParameterisedTriggerWithoutArgument_IsRefused()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        machine.SetTriggerParameters<string>(Trigger.Approve);
        machine.Configure(State.Diagnosing).Permit(Trigger.Approve, State.Remediating);

        var error = Assert.Throws<ArgumentException>(() => machine.Fire(Trigger.Approve));

        Assert.StartsWith("Trigger 'Approve' takes an argument of type String", error.Message, StringComparison.Ordinal);
        Assert.Equal(State.Diagnosing, machine.State);
    }

    [Fact]
    public void Fire_TypedTriggerFromAnotherMachineWithOtherType_IsRefused()
    {
        var other = new StateMachine<State, Trigger>(State.Open).SetTriggerParameters<int>(Trigger.Approve);
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        machine.SetTriggerParameters<string>(Trigger.Approve);

        var error = Assert.Throws<StateMachineConfigurationException>(() => machine.Fire(other, 1));

        Assert.Equal("Trigger 'Approve' was not set up with SetTriggerParameters<Int32> on this machine", error.Message);
    }

    [Fact]
    public void PermitIf_TypedTriggerNotSetOnThisMachine_IsRefused()
    {
        var foreign = new StateMachine<State, Trigger>(State.Open).SetTriggerParameters<string>(Trigger.Approve);
        var config = new StateMachine<State, Trigger>(State.Open).Configure(State.Open);

        Assert.Throws<StateMachineConfigurationException>(() => config.PermitIf(foreign, State.Closed, _ => true, "g"));
        Assert.Throws<StateMachineConfigurationException>(() => config.OnEntryFrom(foreign, _ => { }));
    }

    [Fact]
    public void Fire_TupleArgument_CarriesSeveralValues()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        var approve = machine.SetTriggerParameters<(string By, int Risk)>(Trigger.Approve);
        var risk = 0;
        machine.Configure(State.Diagnosing).PermitIf(approve, State.Remediating, a => a.Risk < 3, "risk below 3");
        machine.Configure(State.Remediating).OnEntryFrom(approve, a => risk = a.Risk);

        machine.Fire(approve, ("alice", 2));

        Assert.Equal(2, risk);
    }

    [Fact]
    public void Fire_NullArgumentForReferenceType_IsPassedThrough()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        var approve = machine.SetTriggerParameters<string?>(Trigger.Approve);
        var entered = false;
        machine.Configure(State.Diagnosing).PermitIf(approve, State.Remediating, who => who is null, "anonymous");
        machine.Configure(State.Remediating).OnEntryFrom(approve, who => entered = who is null);

        machine.Fire(approve, null);

        Assert.True(entered);
    }
}
