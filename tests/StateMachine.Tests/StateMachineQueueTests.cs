using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

/// <summary>Re-entrancy: triggers fired while one is being handled are queued, not nested.</summary>
public sealed class StateMachineQueueTests
{
    [Fact]
    public void Fire_FromEntryAction_RunsAfterCurrentTransitionCompletes()
    {
        var log = new List<string>();
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.OnTransitioned(t => log.Add($"transitioned {t}"));
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);
        machine.Configure(State.Diagnosing)
            .Permit(Trigger.Approve, State.Remediating)
            .OnEntry(() =>
            {
                machine.Fire(Trigger.Approve);
                log.Add($"first entry action still in {machine.State}");
            })
            .OnEntry(() => log.Add("second entry action"))
            .OnExit(() => log.Add("exit Diagnosing"));
        machine.Configure(State.Remediating).OnEntry(() => log.Add("enter Remediating"));

        machine.Fire(Trigger.Start);

        Assert.Equal(
        [
            "transitioned Open --Start--> Diagnosing",
            "first entry action still in Diagnosing",
            "second entry action",
            "exit Diagnosing",
            "transitioned Diagnosing --Approve--> Remediating",
            "enter Remediating",
        ],
            log);
        Assert.Equal(State.Remediating, machine.State);
    }

    [Fact]
    public void Fire_SeveralQueued_RunInFiringOrder()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        var seen = new List<Trigger>();
        machine.OnTransitioned(t => seen.Add(t.Trigger));
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);
        machine.Configure(State.Diagnosing)
            .Permit(Trigger.Approve, State.Remediating)
            .OnEntry(() =>
            {
                machine.Fire(Trigger.Approve);
                machine.Fire(Trigger.Resolve);
            });
        machine.Configure(State.Remediating).Permit(Trigger.Resolve, State.Closed);

        machine.Fire(Trigger.Start);

        Assert.Equal([Trigger.Start, Trigger.Approve, Trigger.Resolve], seen);
        Assert.Equal(State.Closed, machine.State);
    }

    [Fact]
    public void Fire_FromTransitionedHandler_IsQueued()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        var log = new List<string>();
        machine.OnTransitioned(t =>
        {
            if (t.Trigger == Trigger.Start)
            {
                machine.Fire(Trigger.Approve);
            }
        });
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);
        machine.Configure(State.Diagnosing)
            .Permit(Trigger.Approve, State.Remediating)
            .OnEntry(() => log.Add($"enter Diagnosing, state {machine.State}"));

        machine.Fire(Trigger.Start);

        Assert.Equal(["enter Diagnosing, state Diagnosing"], log);
        Assert.Equal(State.Remediating, machine.State);
    }

    [Fact]
    public void Fire_QueuedTriggerRefused_ThrowsFromOuterFireAfterFirstTransition()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);
        machine.Configure(State.Diagnosing).OnEntry(() => machine.Fire(Trigger.Reopen));

        var error = Assert.Throws<InvalidTransitionException>(() => machine.Fire(Trigger.Start));

        Assert.Equal(Trigger.Reopen, error.Trigger);
        Assert.Equal(State.Diagnosing, machine.State);
    }

    [Fact]
    public void Fire_AfterTransitionThrew_QueueIsEmptyAndMachineUsable()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        var fail = true;
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);
        machine.Configure(State.Diagnosing)
            .Permit(Trigger.Approve, State.Remediating)
            .Permit(Trigger.Reopen, State.Open)
            .OnEntry(() =>
            {
                machine.Fire(Trigger.Approve);
                if (fail)
                {
                    throw new InvalidDataException("boom");
                }
            });

        Assert.Throws<InvalidDataException>(() => machine.Fire(Trigger.Start));
        Assert.Equal(State.Diagnosing, machine.State);

        fail = false;
        machine.Fire(Trigger.Reopen);
        Assert.Equal(State.Open, machine.State);
    }

    [Fact]
    public void Fire_QueuedParameterisedTrigger_KeepsItsArgument()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        var approve = machine.SetTriggerParameters<string>(Trigger.Approve);
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);
        machine.Configure(State.Diagnosing)
            .Permit(Trigger.Approve, State.Remediating)
            .OnEntry(() => machine.Fire(approve, "auto-approver"));
        Transition<State, Trigger>? last = null;
        machine.OnTransitioned(t => last = t);

        machine.Fire(Trigger.Start);

        Assert.NotNull(last);
        Assert.Equal(["auto-approver"], last.Arguments);
    }
}
