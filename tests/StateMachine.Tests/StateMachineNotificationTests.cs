using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

/// <summary>What the machine tells its owner: OnTransitioned for every transition, OnUnhandledTrigger for refusals.</summary>
public sealed class StateMachineNotificationTests
{
    [Fact]
    public void OnTransitioned_Fire_ReportsSourceDestinationTriggerAndNoArguments()
    {
        var workflow = new Workflow();
        var seen = new List<Transition<State, Trigger>>();
        workflow.Machine.OnTransitioned(seen.Add);

        workflow.Machine.Fire(Trigger.Start);

        var transition = Assert.Single(seen);
        Assert.Equal(State.Open, transition.Source);
        Assert.Equal(State.Diagnosing, transition.Destination);
        Assert.Equal(Trigger.Start, transition.Trigger);
        Assert.Empty(transition.Arguments);
        Assert.False(transition.IsReentry);
    }

    [Fact]
    public void OnTransitioned_ParameterisedTrigger_ReportsArgument()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        var approve = machine.SetTriggerParameters<string>(Trigger.Approve);
        machine.Configure(State.Diagnosing).Permit(Trigger.Approve, State.Remediating);
        Transition<State, Trigger>? seen = null;
        machine.OnTransitioned(t => seen = t);

        machine.Fire(approve, "alice");

        Assert.NotNull(seen);
        Assert.Equal(["alice"], seen.Arguments);
    }

    [Fact]
    public void OnTransitioned_SeveralHandlers_AllCalledInOrderBetweenExitAndEntry()
    {
        var workflow = new Workflow();
        workflow.Machine.OnTransitioned(t => workflow.Log.Add($"first {t} (state {workflow.Current})"));
        workflow.Machine.OnTransitioned(_ => workflow.Log.Add("second"));

        workflow.Machine.Fire(Trigger.Start);

        Assert.Equal(
            ["exit Open", "first Open --Start--> Diagnosing (state Diagnosing)", "second", "enter Active", "enter Diagnosing"],
            workflow.Log);
    }

    [Fact]
    public void OnUnhandledTrigger_Set_ReceivesStateTriggerAndUnmetGuardsInsteadOfThrowing()
    {
        var workflow = new Workflow(State.Diagnosing);
        var calls = new List<(State, Trigger, IReadOnlyList<string>)>();
        workflow.Machine.OnUnhandledTrigger((s, t, unmet) => calls.Add((s, t, unmet)));

        workflow.Machine.Fire(Trigger.Approve);
        workflow.Machine.Fire(Trigger.Reopen);

        Assert.Equal(2, calls.Count);
        Assert.Equal((State.Diagnosing, Trigger.Approve), (calls[0].Item1, calls[0].Item2));
        Assert.Equal(["an approver pressed the button"], calls[0].Item3);
        Assert.Equal(Trigger.Reopen, calls[1].Item2);
        Assert.Empty(calls[1].Item3);
        Assert.Equal(State.Diagnosing, workflow.Current);
    }

    [Fact]
    public void OnUnhandledTrigger_SetTwice_LastHandlerWins()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        var seen = new List<string>();
        machine.OnUnhandledTrigger((_, _, _) => seen.Add("first"));
        machine.OnUnhandledTrigger((_, _, _) => seen.Add("second"));

        machine.Fire(Trigger.Approve);

        Assert.Equal(["second"], seen);
    }
}
