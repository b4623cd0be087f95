namespace MeshBot.StateMachine.Engine;

/// <summary>Everything configured for one state: its rules, its actions and its place in the hierarchy.</summary>
internal sealed class StateRepresentation<TState, TTrigger>(TState state)
    where TState : notnull
    where TTrigger : notnull
{
    private static readonly EqualityComparer<TState> States = EqualityComparer<TState>.Default;
    private static readonly EqualityComparer<TTrigger> Triggers = EqualityComparer<TTrigger>.Default;

    private readonly List<TriggerBehaviour<TState, TTrigger>> _behaviours = [];
    private readonly List<StateAction<TState, TTrigger>> _entryActions = [];
    private readonly List<StateAction<TState, TTrigger>> _exitActions = [];
    private readonly List<StateRepresentation<TState, TTrigger>> _substates = [];

    public TState State { get; } = state;

    public StateRepresentation<TState, TTrigger>? Superstate { get; private set; }

    public IReadOnlyList<StateRepresentation<TState, TTrigger>> Substates => _substates;

    public IReadOnlyList<TriggerBehaviour<TState, TTrigger>> Behaviours => _behaviours;

    public IReadOnlyList<StateAction<TState, TTrigger>> EntryActions => _entryActions;

    public IReadOnlyList<StateAction<TState, TTrigger>> ExitActions => _exitActions;

    /// <summary>This state, then its superstate, and so on up to the root.</summary>
    public IEnumerable<StateRepresentation<TState, TTrigger>> SelfAndAncestors()
    {
        for (var current = this; current is not null; current = current.Superstate)
        {
            yield return current;
        }
    }

    public bool IsIncludedIn(TState state) => SelfAndAncestors().Any(r => States.Equals(r.State, state));

    public void AddBehaviour(TriggerBehaviour<TState, TTrigger> behaviour)
    {
        var existing = _behaviours.Where(b => Triggers.Equals(b.Trigger, behaviour.Trigger)).ToList();
        // An unconditional rule beside any other rule for the same trigger can never be unambiguous,
        // so it is refused here, at configuration, rather than on some later Fire.
        if (existing.Count > 0 && (behaviour.Guard is null || existing.Any(b => b.Guard is null)))
        {
            throw new StateMachineConfigurationException(
                $"Trigger '{Display.Of(behaviour.Trigger)}' is configured more than once in state '{Display.Of(State)}' "
                + "and not every rule has a guard; use PermitIf with guards that exclude each other");
        }

        _behaviours.Add(behaviour);
    }

    public void AddEntryAction(StateAction<TState, TTrigger> action) => _entryActions.Add(action);

    public void AddExitAction(StateAction<TState, TTrigger> action) => _exitActions.Add(action);

    public void SetSuperstate(StateRepresentation<TState, TTrigger> superstate)
    {
        if (superstate == Superstate)
        {
            return;
        }

        if (Superstate is not null)
        {
            throw new StateMachineConfigurationException(
                $"State '{Display.Of(State)}' is already a substate of '{Display.Of(Superstate.State)}'");
        }

        if (superstate.IsIncludedIn(State))
        {
            throw new StateMachineConfigurationException(
                $"State '{Display.Of(State)}' cannot be a substate of '{Display.Of(superstate.State)}': that would make a cycle");
        }

        Superstate = superstate;
        superstate._substates.Add(this);
    }
}
