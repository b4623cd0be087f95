using MeshBot.StateMachine.Introspection;
using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests.Introspection;

public sealed class StateMachineInfoTests
{
    [Fact]
    public void GetInfo_Workflow_ListsStatesInOrderOfFirstMention()
    {
        var info = new Workflow().Machine.GetInfo();

        Assert.Equal(["Open", "Diagnosing", "Active", "Closed", "Remediating"], info.States.Select(s => s.Name));
        Assert.Equal(["Open", "Active", "Closed"], info.TopLevelStates.Select(s => s.Name));
    }

    [Fact]
    public void GetInfo_Workflow_DescribesHierarchy()
    {
        var info = new Workflow().Machine.GetInfo();

        Assert.Equal(["Diagnosing", "Remediating"], info["Active"].Substates);
        Assert.Equal("Active", info["Diagnosing"].Superstate);
        Assert.Null(info["Open"].Superstate);
    }

    [Fact]
    public void GetInfo_Workflow_DescribesTransitionsGuardsAndIgnores()
    {
        var info = new Workflow().Machine.GetInfo();

        Assert.Equal([new TransitionInfo("Open", "Start", "Diagnosing", null, false)], info["Open"].Transitions);
        Assert.Equal(["Ping"], info["Open"].IgnoredTriggers);
        var approve = Assert.Single(info["Diagnosing"].Transitions);
        Assert.Equal(new TransitionInfo("Diagnosing", "Approve", "Remediating", "an approver pressed the button", false), approve);
        Assert.Equal("Approve [an approver pressed the button]", approve.Label);
        Assert.Equal("Resolve", Assert.Single(info["Active"].Transitions).Label);
        Assert.Empty(info["Remediating"].Transitions);
    }

    [Fact]
    public void GetInfo_Actions_CarryDescriptionTriggerAndAsyncFlag()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        var approve = machine.SetTriggerParameters<string>(Trigger.Approve);
        machine.Configure(State.Remediating)
            .OnEntry(() => { }, "post status")
            .OnEntryFrom(approve, _ => { }, "record approver")
            .OnEntryFromAsync(Trigger.Escalate, () => Task.CompletedTask)
            .OnExitAsync(() => Task.CompletedTask, "close war room")
            .OnExit(() => { });

        var state = machine.GetInfo()["Remediating"];

        Assert.Equal(
            [new ActionInfo("post status", null, false), new ActionInfo("record approver", "Approve", false), new ActionInfo(null, "Escalate", true)],
            state.EntryActions);
        Assert.Equal([new ActionInfo("close war room", null, true), new ActionInfo(null, null, false)], state.ExitActions);
    }

    [Fact]
    public void GetInfo_Reentry_IsATransitionToItself()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open).PermitReentryIf(Trigger.Ping, () => true, "a new alert arrived");

        var transition = Assert.Single(machine.GetInfo()["Open"].Transitions);

        Assert.Equal(new TransitionInfo("Open", "Ping", "Open", "a new alert arrived", true), transition);
    }

    [Fact]
    public void GetInfo_AfterFiringIntoUnconfiguredState_IsUnchanged()
    {
        var machine = new StateMachine<string, string>("a");
        machine.Configure("a").Permit("go", "b");
        var before = machine.GetInfo().States.Select(s => s.Name).ToList();

        machine.Fire("go");
        _ = machine.CanFire("x");

        Assert.Equal(before, machine.GetInfo().States.Select(s => s.Name));
        Assert.Equal(["a", "b"], before);
    }

    [Fact]
    public void Indexer_UnknownState_ThrowsKeyNotFound()
    {
        var info = new Workflow().Machine.GetInfo();

        Assert.Throws<KeyNotFoundException>(() => info["Nowhere"]);
    }
}
