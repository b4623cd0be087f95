using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

/// <summary>Which entry and exit actions run, and in which order, including across superstates.</summary>
public sealed class StateConfigurationActionsTests
{
    [Fact]
    public void Fire_IntoSubstateFromOutside_EntersSuperstateThenSubstate()
    {
        var workflow = new Workflow();

        workflow.Machine.Fire(Trigger.Start);

        Assert.Equal(["exit Open", "enter Active", "enter Diagnosing"], workflow.Log);
    }

    [Fact]
    public void Fire_BetweenSiblingSubstates_DoesNotCrossSuperstate()
    {
        var workflow = new Workflow(State.Diagnosing) { Approved = true };

        workflow.Machine.Fire(Trigger.Approve);

        Assert.Equal(["exit Diagnosing", "enter Remediating"], workflow.Log);
    }

    [Fact]
    public void Fire_FromSubstateToOutside_ExitsSubstateThenSuperstate()
    {
        var workflow = new Workflow(State.Diagnosing);

        workflow.Machine.Fire(Trigger.Resolve);

        Assert.Equal(["exit Diagnosing", "exit Active", "enter Closed"], workflow.Log);
    }

    [Fact]
    public void Fire_FromSubstateToItsSuperstate_ExitsOnlySubstate()
    {
        var workflow = new Workflow(State.Remediating);
        workflow.Machine.Configure(State.Remediating).Permit(Trigger.Escalate, State.Active);

        workflow.Machine.Fire(Trigger.Escalate);

        Assert.Equal(["exit Remediating"], workflow.Log);
        Assert.Equal(State.Active, workflow.Current);
    }

    [Fact]
    public void Fire_FromSuperstateToItsSubstate_EntersOnlySubstate()
    {
        var workflow = new Workflow(State.Active);
        workflow.Machine.Configure(State.Active).Permit(Trigger.Start, State.Diagnosing);

        workflow.Machine.Fire(Trigger.Start);

        Assert.Equal(["enter Diagnosing"], workflow.Log);
    }

    [Fact]
    public void Fire_ReentryOfSubstate_DoesNotCrossSuperstate()
    {
        var workflow = new Workflow(State.Diagnosing);
        workflow.Machine.Configure(State.Diagnosing).PermitReentry(Trigger.Ping);

        workflow.Machine.Fire(Trigger.Ping);

        Assert.Equal(["exit Diagnosing", "enter Diagnosing"], workflow.Log);
    }

    [Fact]
    public void Fire_ReentryInheritedFromSuperstate_ReentersTheSuperstate()
    {
        var workflow = new Workflow(State.Diagnosing);
        workflow.Machine.Configure(State.Active).PermitReentry(Trigger.Ping);

        workflow.Machine.Fire(Trigger.Ping);

        Assert.Equal(["exit Diagnosing", "exit Active", "enter Active"], workflow.Log);
        Assert.Equal(State.Active, workflow.Current);
    }

    [Fact]
    public void Fire_ThreeLevels_CrossesOnlyTheBoundariesOnThePath()
    {
        var log = new List<string>();
        var machine = new StateMachine<string, string>("a1");
        foreach (var state in new[] { "root", "a", "a1", "b", "b1" })
        {
            machine.Configure(state).OnEntry(() => log.Add("enter " + state)).OnExit(() => log.Add("exit " + state));
        }

        machine.Configure("a").SubstateOf("root");
        machine.Configure("b").SubstateOf("root");
        machine.Configure("a1").SubstateOf("a").Permit("go", "b1");
        machine.Configure("b1").SubstateOf("b");

        machine.Fire("go");

        Assert.Equal(["exit a1", "exit a", "enter b", "enter b1"], log);
        Assert.True(machine.IsInState("root"));
    }

    [Fact]
    public void OnEntryFrom_OtherTrigger_DoesNotRun()
    {
        var log = new List<string>();
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing).Permit(Trigger.Escalate, State.Diagnosing);
        machine.Configure(State.Diagnosing)
            .Permit(Trigger.Reopen, State.Open)
            .OnEntryFrom(Trigger.Escalate, () => log.Add("from Escalate"))
            .OnEntry(() => log.Add("any entry"));

        machine.Fire(Trigger.Start);
        machine.Fire(Trigger.Reopen);
        machine.Fire(Trigger.Escalate);

        Assert.Equal(["any entry", "from Escalate", "any entry"], log);
    }

    [Fact]
    public void OnEntryFrom_OnSuperstate_RunsWhenEnteredThroughThatTrigger()
    {
        var workflow = new Workflow();
        workflow.Machine.Configure(State.Active).OnEntryFrom(Trigger.Start, () => workflow.Log.Add("Active from Start"));

        workflow.Machine.Fire(Trigger.Start);

        Assert.Equal(["exit Open", "enter Active", "Active from Start", "enter Diagnosing"], workflow.Log);
    }

    [Fact]
    public void OnEntryAndOnExit_SeeTheStateThroughTheAccessor()
    {
        var workflow = new Workflow();
        var seen = new List<string>();
        workflow.Machine.Configure(State.Open).OnExit(() => seen.Add($"exit sees {workflow.Machine.State}"));
        workflow.Machine.Configure(State.Diagnosing).OnEntry(() => seen.Add($"entry sees {workflow.Machine.State}"));

        workflow.Machine.Fire(Trigger.Start);

        Assert.Equal(["exit sees Open", "entry sees Diagnosing"], seen);
    }

    [Fact]
    public void OnExit_Throws_StateIsNotChanged()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing).OnExit(() => throw new InvalidDataException());

        Assert.Throws<InvalidDataException>(() => machine.Fire(Trigger.Start));
        Assert.Equal(State.Open, machine.State);
    }
}
