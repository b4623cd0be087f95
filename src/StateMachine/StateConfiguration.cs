using MeshBot.StateMachine.Engine;

namespace MeshBot.StateMachine;

/// <summary>
/// The rules of one state, returned by <see cref="StateMachine{TState,TTrigger}.Configure(TState)"/>.
/// Every method returns this configuration so one state reads as one chained block.
/// </summary>
public sealed class StateConfiguration<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private readonly StateRepresentation<TState, TTrigger> _state;
    private readonly StateRegistry<TState, TTrigger> _states;
    private readonly TriggerParameterRegistry<TTrigger> _parameters;

    internal StateConfiguration(
        StateRepresentation<TState, TTrigger> state,
        StateRegistry<TState, TTrigger> states,
        TriggerParameterRegistry<TTrigger> parameters)
    {
        _state = state;
        _states = states;
        _parameters = parameters;
    }

    /// <summary>The state being configured.</summary>
    public TState State => _state.State;

    /// <summary>The trigger moves the machine to <paramref name="destination"/>.</summary>
    public StateConfiguration<TState, TTrigger> Permit(TTrigger trigger, TState destination) =>
        AddTransition(trigger, destination, guard: null);

    /// <summary>
    /// The trigger moves the machine to <paramref name="destination"/> when <paramref name="guard"/> holds.
    /// <paramref name="guardDescription"/> is what a caller is told when it does not, so phrase it as the
    /// condition: "an approver pressed the button".
    /// </summary>
    public StateConfiguration<TState, TTrigger> PermitIf(
        TTrigger trigger, TState destination, Func<bool> guard, string guardDescription) =>
        AddTransition(trigger, destination, TransitionGuard.Create(guard, guardDescription));

    /// <summary>Like <see cref="PermitIf(TTrigger,TState,Func{bool},string)"/>, with a guard that reads the trigger's argument.</summary>
    public StateConfiguration<TState, TTrigger> PermitIf<TArg>(
        TriggerWithParameters<TTrigger, TArg> trigger, TState destination, Func<TArg, bool> guard, string guardDescription)
    {
        _parameters.EnsureRegistered(trigger);
        return AddTransition(trigger.Trigger, destination, TransitionGuard.Create(guard, guardDescription));
    }

    /// <summary>The trigger leaves this state and enters it again, running its exit then entry actions.</summary>
    public StateConfiguration<TState, TTrigger> PermitReentry(TTrigger trigger) =>
        Add(trigger, BehaviourKind.Reentry, State, guard: null);

    /// <summary>Reentry when <paramref name="guard"/> holds.</summary>
    public StateConfiguration<TState, TTrigger> PermitReentryIf(TTrigger trigger, Func<bool> guard, string guardDescription) =>
        Add(trigger, BehaviourKind.Reentry, State, TransitionGuard.Create(guard, guardDescription));

    /// <summary>The trigger is accepted and does nothing: no transition, no actions, no error.</summary>
    public StateConfiguration<TState, TTrigger> Ignore(TTrigger trigger) =>
        Add(trigger, BehaviourKind.Ignore, State, guard: null);

    /// <summary>Runs <paramref name="action"/> whenever the state is entered.</summary>
    public StateConfiguration<TState, TTrigger> OnEntry(Action action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Entry(StateAction<TState, TTrigger>.Sync(_ => action(), description));
    }

    /// <summary>Runs an async <paramref name="action"/> whenever the state is entered; fire with FireAsync.</summary>
    public StateConfiguration<TState, TTrigger> OnEntryAsync(Func<Task> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Entry(StateAction<TState, TTrigger>.Async(_ => action(), description));
    }

    /// <summary>Runs <paramref name="action"/> when the state is entered through <paramref name="trigger"/>.</summary>
    public StateConfiguration<TState, TTrigger> OnEntryFrom(TTrigger trigger, Action action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Entry(StateAction<TState, TTrigger>.SyncFrom(trigger, _ => action(), description));
    }

    /// <summary>Async form of <see cref="OnEntryFrom(TTrigger,Action,string?)"/>.</summary>
    public StateConfiguration<TState, TTrigger> OnEntryFromAsync(TTrigger trigger, Func<Task> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Entry(StateAction<TState, TTrigger>.AsyncFrom(trigger, _ => action(), description));
    }

    /// <summary>Runs <paramref name="action"/> with the trigger's argument when the state is entered through it.</summary>
    public StateConfiguration<TState, TTrigger> OnEntryFrom<TArg>(
        TriggerWithParameters<TTrigger, TArg> trigger, Action<TArg> action, string? description = null)
    {
        _parameters.EnsureRegistered(trigger);
        ArgumentNullException.ThrowIfNull(action);
        return Entry(StateAction<TState, TTrigger>.SyncFrom(trigger.Trigger, t => action((TArg)t.Arguments[0]!), description));
    }

    /// <summary>Async form of <see cref="OnEntryFrom{TArg}(TriggerWithParameters{TTrigger,TArg},Action{TArg},string?)"/>.</summary>
    public StateConfiguration<TState, TTrigger> OnEntryFromAsync<TArg>(
        TriggerWithParameters<TTrigger, TArg> trigger, Func<TArg, Task> action, string? description = null)
    {
        _parameters.EnsureRegistered(trigger);
        ArgumentNullException.ThrowIfNull(action);
        return Entry(StateAction<TState, TTrigger>.AsyncFrom(trigger.Trigger, t => action((TArg)t.Arguments[0]!), description));
    }

    /// <summary>Runs <paramref name="action"/> whenever the state is left.</summary>
    public StateConfiguration<TState, TTrigger> OnExit(Action action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        _state.AddExitAction(StateAction<TState, TTrigger>.Sync(_ => action(), description));
        return this;
    }

    /// <summary>Runs an async <paramref name="action"/> whenever the state is left; fire with FireAsync.</summary>
    public StateConfiguration<TState, TTrigger> OnExitAsync(Func<Task> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        _state.AddExitAction(StateAction<TState, TTrigger>.Async(_ => action(), description));
        return this;
    }

    /// <summary>
    /// Makes this state a substate of <paramref name="superstate"/>: it inherits the superstate's rules
    /// (its own rules for a trigger take precedence), and the machine is "in" the superstate while in it.
    /// </summary>
    public StateConfiguration<TState, TTrigger> SubstateOf(TState superstate)
    {
        _state.SetSuperstate(_states.GetOrAdd(superstate));
        return this;
    }

    private StateConfiguration<TState, TTrigger> AddTransition(TTrigger trigger, TState destination, TransitionGuard? guard)
    {
        if (EqualityComparer<TState>.Default.Equals(destination, State))
        {
            throw new StateMachineConfigurationException(
                $"Trigger '{Display.Of(trigger)}' in state '{Display.Of(State)}' targets the same state; use PermitReentry or Ignore");
        }

        _states.GetOrAdd(destination);
        return Add(trigger, BehaviourKind.Transition, destination, guard);
    }

    private StateConfiguration<TState, TTrigger> Add(TTrigger trigger, BehaviourKind kind, TState destination, TransitionGuard? guard)
    {
        _state.AddBehaviour(new TriggerBehaviour<TState, TTrigger>(trigger, kind, destination, guard));
        return this;
    }

    private StateConfiguration<TState, TTrigger> Entry(StateAction<TState, TTrigger> action)
    {
        _state.AddEntryAction(action);
        return this;
    }
}
