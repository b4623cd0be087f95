namespace MeshBot.StateMachine.Tests.Fixtures;

/// <summary>
/// The shared test machine, with its state held in a plain field (like a stored row) and every
/// action written to <see cref="Log"/>:
/// Open --Start--> Diagnosing; Active { Diagnosing --Approve [approved]--> Remediating };
/// Active --Resolve--> Closed; Closed --Reopen--> Open; Open ignores Ping.
/// </summary>
internal sealed class Workflow
{
    public Workflow(State initial = State.Open)
    {
        Current = initial;
        Machine = new StateMachine<State, Trigger>(() => Current, s => Current = s);
        Machine.Configure(State.Open)
            .Permit(Trigger.Start, State.Diagnosing)
            .Ignore(Trigger.Ping)
            .OnEntry(() => Log.Add("enter Open"))
            .OnExit(() => Log.Add("exit Open"));
        Machine.Configure(State.Active)
            .Permit(Trigger.Resolve, State.Closed)
            .OnEntry(() => Log.Add("enter Active"))
            .OnExit(() => Log.Add("exit Active"));
        Machine.Configure(State.Diagnosing)
            .SubstateOf(State.Active)
            .PermitIf(Trigger.Approve, State.Remediating, () => Approved, "an approver pressed the button")
            .OnEntry(() => Log.Add("enter Diagnosing"))
            .OnExit(() => Log.Add("exit Diagnosing"));
        Machine.Configure(State.Remediating)
            .SubstateOf(State.Active)
            .OnEntry(() => Log.Add("enter Remediating"))
            .OnExit(() => Log.Add("exit Remediating"));
        Machine.Configure(State.Closed)
            .Permit(Trigger.Reopen, State.Open)
            .OnEntry(() => Log.Add("enter Closed"));
    }

    /// <summary>The externally held state; the machine reads and writes only this.</summary>
    public State Current { get; set; }

    public bool Approved { get; set; }

    public List<string> Log { get; } = [];

    public StateMachine<State, Trigger> Machine { get; }
}
