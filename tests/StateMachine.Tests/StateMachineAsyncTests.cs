using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

/// <summary>FireAsync and async actions: same engine as Fire, awaited in the same order.</summary>
public sealed class StateMachineAsyncTests
{
    [Fact]
    public async Task FireAsync_AsyncActions_AwaitsEachInOrder()
    {
        var log = new List<string>();
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open)
            .Permit(Trigger.Start, State.Diagnosing)
            .OnExitAsync(async () =>
            {
                await Task.Yield();
                log.Add("exit Open");
            });
        machine.Configure(State.Diagnosing)
            .OnEntryAsync(async () =>
            {
                await Task.Delay(10);
                log.Add("enter Diagnosing (async)");
            })
            .OnEntry(() => log.Add("enter Diagnosing (sync)"));

        await machine.FireAsync(Trigger.Start);

        Assert.Equal(["exit Open", "enter Diagnosing (async)", "enter Diagnosing (sync)"], log);
        Assert.Equal(State.Diagnosing, machine.State);
    }

    [Fact]
    public async Task FireAsync_SyncActionsOnly_BehavesLikeFire()
    {
        var workflow = new Workflow();

        await workflow.Machine.FireAsync(Trigger.Start);

        Assert.Equal(["exit Open", "enter Active", "enter Diagnosing"], workflow.Log);
    }

    [Fact]
    public void Fire_AsyncActionOnTheWay_ThrowsBeforeRunningAnything()
    {
        var log = new List<string>();
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing).OnExit(() => log.Add("exit Open"));
        machine.Configure(State.Diagnosing).OnEntryAsync(() => Task.CompletedTask);

        var error = Assert.Throws<InvalidOperationException>(() => machine.Fire(Trigger.Start));

        Assert.Contains("FireAsync", error.Message, StringComparison.Ordinal);
        Assert.Empty(log);
        Assert.Equal(State.Open, machine.State);
    }

    [Fact]
    public void Fire_AsyncActionNotOnTheWay_IsFine()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);
        machine.Configure(State.Closed).OnEntryAsync(() => Task.CompletedTask);

        machine.Fire(Trigger.Start);

        Assert.Equal(State.Diagnosing, machine.State);
    }

    [Fact]
    public async Task FireAsync_Refused_ThrowsInvalidTransition()
    {
        var workflow = new Workflow();

        await Assert.ThrowsAsync<InvalidTransitionException>(() => workflow.Machine.FireAsync(Trigger.Approve));
    }

    [Fact]
    public async Task TryFireAsync_Refused_ReturnsReason()
    {
        var workflow = new Workflow(State.Diagnosing);

        var result = await workflow.Machine.TryFireAsync(Trigger.Approve);

        Assert.Equal(["an approver pressed the button"], result.UnmetGuards);
    }

    [Fact]
    public async Task FireAsync_ParameterisedAsyncEntryFrom_ReceivesArgument()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        var approve = machine.SetTriggerParameters<string>(Trigger.Approve);
        string? approver = null;
        machine.Configure(State.Diagnosing).Permit(Trigger.Approve, State.Remediating);
        machine.Configure(State.Remediating).OnEntryFromAsync(approve, async who =>
        {
            await Task.Yield();
            approver = who;
        });

        await machine.FireAsync(approve, "alice");

        Assert.Equal("alice", approver);
    }

    [Fact]
    public async Task TryFireAsync_Parameterised_Transitions()
    {
        var machine = new StateMachine<State, Trigger>(State.Diagnosing);
        var approve = machine.SetTriggerParameters<int>(Trigger.Approve);
        machine.Configure(State.Diagnosing).PermitIf(approve, State.Remediating, level => level > 2, "level above 2");
        var entered = new List<string>();
        machine.Configure(State.Remediating).OnEntryFromAsync(Trigger.Approve, () =>
        {
            entered.Add("from Approve");
            return Task.CompletedTask;
        });

        var result = await machine.TryFireAsync(approve, 3);

        Assert.True(result.Succeeded);
        Assert.Equal(["from Approve"], entered);
    }

    [Fact]
    public async Task FireAsync_FiredAfterAwaitInsideEntryAction_IsQueued()
    {
        var log = new List<string>();
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);
        machine.Configure(State.Diagnosing)
            .Permit(Trigger.Approve, State.Remediating)
            .OnEntryAsync(async () =>
            {
                await Task.Yield();
                await machine.FireAsync(Trigger.Approve);
                log.Add($"entry done in {machine.State}");
            });
        machine.Configure(State.Remediating).OnEntry(() => log.Add("enter Remediating"));

        await machine.FireAsync(Trigger.Start);

        Assert.Equal(["entry done in Diagnosing", "enter Remediating"], log);
        Assert.Equal(State.Remediating, machine.State);
    }

    [Fact]
    public async Task FireAsync_AsyncEntryActionThrows_PropagatesAfterStateChanged()
    {
        var machine = new StateMachine<State, Trigger>(State.Open);
        machine.Configure(State.Open).Permit(Trigger.Start, State.Diagnosing);
        machine.Configure(State.Diagnosing).OnEntryAsync(async () =>
        {
            await Task.Yield();
            throw new TimeoutException("chat is down");
        });

        await Assert.ThrowsAsync<TimeoutException>(() => machine.FireAsync(Trigger.Start));
        Assert.Equal(State.Diagnosing, machine.State);
    }
}
