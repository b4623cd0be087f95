namespace MeshBot.StateMachine.Engine;

/// <summary>
/// Handles one trigger from start to end: resolve, then exit actions, state change, transition
/// notifications, entry actions. One implementation serves Fire and FireAsync: when only sync actions
/// run, every awaited <see cref="ValueTask"/> is already complete and the whole call finishes synchronously.
/// </summary>
internal sealed class TransitionExecutor<TState, TTrigger>(
    StateRegistry<TState, TTrigger> states, Func<TState> stateAccessor, Action<TState> stateMutator)
    where TState : notnull
    where TTrigger : notnull
{
    private readonly List<Action<Transition<TState, TTrigger>>> _transitioned = [];
    private Action<TState, TTrigger, IReadOnlyList<string>>? _unhandled;

    public void AddTransitionedHandler(Action<Transition<TState, TTrigger>> handler) => _transitioned.Add(handler);

    public void SetUnhandledHandler(Action<TState, TTrigger, IReadOnlyList<string>> handler) => _unhandled = handler;

    public TriggerResolution<TState, TTrigger> Resolve(TTrigger trigger, IReadOnlyList<object?>? arguments) =>
        TriggerResolution<TState, TTrigger>.Resolve(states.Find(stateAccessor()), trigger, arguments);

    /// <param name="trigger">The trigger to handle.</param>
    /// <param name="arguments">The trigger's argument, or empty.</param>
    /// <param name="isTry">True for TryFire: a rejection becomes a result, not an exception or handler call.</param>
    /// <param name="allowAsync">False for Fire, which cannot run async actions.</param>
    public async ValueTask<FireResult<TState, TTrigger>> FireAsync(
        TTrigger trigger, object?[] arguments, bool isTry, bool allowAsync)
    {
        var source = stateAccessor();
        var sourceState = states.Find(source);
        var resolution = TriggerResolution<TState, TTrigger>.Resolve(sourceState, trigger, arguments);
        if (resolution.IsAmbiguous)
        {
            throw new StateMachineConfigurationException(Messages.Ambiguous(
                Display.Of(source), Display.Of(trigger), resolution.Met.Select(b => b.Guard!.Description).ToList()));
        }

        var behaviour = resolution.Behaviour;
        if (behaviour is null)
        {
            return Reject(source, trigger, resolution.UnmetGuards, isTry);
        }

        if (behaviour.Kind == BehaviourKind.Ignore)
        {
            return FireResult<TState, TTrigger>.Ignored();
        }

        var transition = new Transition<TState, TTrigger>(
            source, behaviour.Destination, trigger, arguments, behaviour.Kind == BehaviourKind.Reentry);
        var plan = TransitionPlan<TState, TTrigger>.Create(sourceState, states.Find(transition.Destination), transition);
        if (!allowAsync && plan.HasAsyncActions)
        {
            throw new InvalidOperationException(Messages.AsyncActionsInSyncFire(transition.ToString()));
        }

        foreach (var action in plan.ExitActions)
        {
            await action.ExecuteAsync(transition).ConfigureAwait(false);
        }

        stateMutator(transition.Destination);
        foreach (var handler in _transitioned)
        {
            handler(transition);
        }

        foreach (var action in plan.EntryActions)
        {
            await action.ExecuteAsync(transition).ConfigureAwait(false);
        }

        return FireResult<TState, TTrigger>.Transitioned(transition);
    }

    private FireResult<TState, TTrigger> Reject(TState source, TTrigger trigger, IReadOnlyList<string> unmet, bool isTry)
    {
        var message = Messages.Rejected(Display.Of(source), Display.Of(trigger), unmet);
        if (!isTry)
        {
            if (_unhandled is null)
            {
                throw new InvalidTransitionException(message, source, trigger, unmet);
            }

            _unhandled(source, trigger, unmet);
        }

        return FireResult<TState, TTrigger>.Rejected(message, unmet);
    }
}
