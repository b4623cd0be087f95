using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

/// <summary>Fire: which rule applies, what is refused and how, and what OnTransitioned hears.</summary>
public sealed class StateMachineFireTests
{
    [Fact]
    public void Fire_NoRuleForTrigger_ThrowsNamingStateAndTrigger()
    {
        var workflow = new Workflow(State.Diagnosing);

        var error = Assert.Throws<InvalidTransitionException>(() => workflow.Machine.Fire(Trigger.Reopen));

        Assert.Equal("Trigger 'Reopen' is not valid in state 'Diagnosing': no transition for it", error.Message);
        Assert.Equal(State.Diagnosing, error.State);
        Assert.Equal(Trigger.Reopen, error.Trigger);
        Assert.Empty(error.UnmetGuards);
        Assert.Equal(State.Diagnosing, workflow.Current);
    }

    [Fact]
    public void Fire_GuardFalse_ThrowsWithGuardDescription()
    {
        var workflow = new Workflow(State.Diagnosing);

        var error = Assert.Throws<InvalidTransitionException>(() => workflow.Machine.Fire(Trigger.Approve));

        Assert.Equal(
            "Trigger 'Approve' is not valid in state 'Diagnosing': guard 'an approver pressed the button' not met",
            error.Message);
        Assert.Equal(["an approver pressed the button"], error.UnmetGuards);
        Assert.Empty(workflow.Log);
    }

    [Fact]
    public void Fire_GuardTrue_Transitions()
    {
        var workflow = new Workflow(State.Diagnosing) { Approved = true };

        workflow.Machine.Fire(Trigger.Approve);

        Assert.Equal(State.Remediating, workflow.Current);
    }

    [Fact]
    public void Fire_SeveralGuardsFalse_ListsEveryDescription()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        machine.Configure(State.Active).PermitIf(Trigger.Resolve, State.Closed, () => false, "the fix is verified");
        machine.Configure(State.Diagnosing)
            .SubstateOf(State.Active)
            .PermitIf(Trigger.Resolve, State.Open, () => false, "the alert cleared")
            .PermitIf(Trigger.Resolve, State.Remediating, () => false, "a fix is known");

        var error = Assert.Throws<InvalidTransitionException>(() => machine.Fire(Trigger.Resolve));

        Assert.Equal(
            "Trigger 'Resolve' is not valid in state 'Diagnosing': "
            + "guards 'the alert cleared', 'a fix is known', 'the fix is verified' not met",
            error.Message);
        Assert.Equal(["the alert cleared", "a fix is known", "the fix is verified"], error.UnmetGuards);
    }

    [Fact]
    public void Fire_TwoGuardsOneMet_TakesTheMetOne()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open)
            .PermitIf(Trigger.Start, State.Diagnosing, () => false, "needs diagnosis")
            .PermitIf(Trigger.Start, State.Remediating, () => true, "fix is known");

        machine.Fire(Trigger.Start);

        Assert.Equal(State.Remediating, machine.State);
    }

    [Fact]
    public void Fire_TwoGuardsMetAtOnce_ThrowsAmbiguousConfigurationError()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open)
            .PermitIf(Trigger.Start, State.Diagnosing, () => true, "needs diagnosis")
            .PermitIf(Trigger.Start, State.Remediating, () => true, "fix is known");

        var error = Assert.Throws<StateMachineConfigurationException>(() => machine.Fire(Trigger.Start));

        Assert.Equal(
            "Trigger 'Start' is ambiguous in state 'Open': guards 'needs diagnosis', 'fix is known' are all met; "
            + "the guards of one trigger in one state must exclude each other",
            error.Message);
        Assert.Equal(State.Open, machine.State);
    }

    [Fact]
    public void Fire_SubstateRule_OverridesSuperstateRule()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        machine.Configure(State.Active).Permit(Trigger.Resolve, State.Closed);
        machine.Configure(State.Diagnosing).SubstateOf(State.Active).Permit(Trigger.Resolve, State.Open);

        machine.Fire(Trigger.Resolve);

        Assert.Equal(State.Open, machine.State);
    }

    [Fact]
    public void Fire_SubstateGuardFalse_FallsBackToSuperstate()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        machine.Configure(State.Active).Permit(Trigger.Resolve, State.Closed);
        machine.Configure(State.Diagnosing)
            .SubstateOf(State.Active)
            .PermitIf(Trigger.Resolve, State.Open, () => false, "false alarm");

        machine.Fire(Trigger.Resolve);

        Assert.Equal(State.Closed, machine.State);
    }

    [Fact]
    public void Fire_InheritedTransition_LeavesSubstateAndSuperstate()
    {
        var workflow = new Workflow(State.Remediating);

        workflow.Machine.Fire(Trigger.Resolve);

        Assert.Equal(State.Closed, workflow.Current);
        Assert.Equal(["exit Remediating", "exit Active", "enter Closed"], workflow.Log);
    }

    [Fact]
    public void Fire_UnconfiguredCurrentState_Throws()
    {
        var machine = new StateMachine<State, Trigger>(State.Closed);

        var error = Assert.Throws<InvalidTransitionException>(() => machine.Fire(Trigger.Reopen));

        Assert.Equal("Trigger 'Reopen' is not valid in state 'Closed': no transition for it", error.Message);
    }

    [Fact]
    public void Fire_IgnoredTrigger_ChangesNothingAndRunsNoAction()
    {
        var workflow = new Workflow();
        var transitions = 0;
        workflow.Machine.OnTransitioned(_ => transitions++);

        workflow.Machine.Fire(Trigger.Ping);

        Assert.Equal(State.Open, workflow.Current);
        Assert.Empty(workflow.Log);
        Assert.Equal(0, transitions);
    }

    [Fact]
    public void Fire_SubstateIgnores_OverridesSuperstateTransition()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        machine.Configure(State.Active).Permit(Trigger.Resolve, State.Closed);
        machine.Configure(State.Diagnosing).SubstateOf(State.Active).Ignore(Trigger.Resolve);

        machine.Fire(Trigger.Resolve);

        Assert.Equal(State.Diagnosing, machine.State);
    }
}
