using System.Runtime.CompilerServices;
using MeshBot.StateMachine.Engine;
using MeshBot.StateMachine.Introspection;

namespace MeshBot.StateMachine;

/// <summary>
/// A finite state machine configured as a transition table: <see cref="Configure(TState)"/> returns one
/// state's rules (Permit, PermitIf, Ignore, OnEntry, SubstateOf, ...).
/// </summary>
/// <remarks>
/// <para>The state lives outside the machine, behind an accessor and a mutator, so it can be a field of a
/// stored record: build the machine around a loaded record and it continues from the saved state. No entry
/// action runs for the state the machine starts in.</para>
/// <para>Order of one transition: exit actions (innermost state first), the mutator, OnTransitioned
/// handlers, entry actions (outermost state first).</para>
/// <para>Re-entrancy (Stateless's "queued" mode): a trigger fired while another is being handled (from an
/// action or a handler, or while FireAsync awaits an action) is queued and handled after the current
/// transition completes, so every action sees a settled state. If a transition throws, the queued
/// triggers are dropped. TryFire cannot be queued and throws in that situation.</para>
/// <para>Not thread-safe: callers must serialise access to one machine (MeshBot handles one incident's
/// events one at a time).</para>
/// </remarks>
public sealed class StateMachine<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private readonly StateRegistry<TState, TTrigger> _states = new();
    private readonly TriggerParameterRegistry<TTrigger> _parameters = new();
    private readonly Queue<(TTrigger Trigger, object?[] Arguments)> _queue = new();
    private readonly TransitionExecutor<TState, TTrigger> _executor;
    private readonly Func<TState> _stateAccessor;
    private bool _firing;

    /// <summary>Creates a machine whose state is read and written through the given delegates.</summary>
    public StateMachine(Func<TState> stateAccessor, Action<TState> stateMutator)
    {
        ArgumentNullException.ThrowIfNull(stateAccessor);
        ArgumentNullException.ThrowIfNull(stateMutator);
        _stateAccessor = stateAccessor;
        _executor = new(_states, stateAccessor, stateMutator);
    }

    /// <summary>Creates a machine that keeps its state itself, starting in <paramref name="initialState"/>.</summary>
    public StateMachine(TState initialState)
        : this(new StrongBox<TState>(initialState))
    {
    }

    private StateMachine(StrongBox<TState> box)
        : this(() => box.Value!, state => box.Value = state)
    {
    }

    /// <summary>The current state, as read through the accessor.</summary>
    public TState State => _stateAccessor();

    /// <summary>
    /// Triggers that can be fired now without being refused (transitions and ignored triggers). Guards
    /// that read a trigger's argument count as met, since the argument is not known yet.
    /// </summary>
    public IEnumerable<TTrigger> PermittedTriggers =>
        _states.Find(State).SelfAndAncestors()
            .SelectMany(s => s.Behaviours.Select(b => b.Trigger))
            .Distinct()
            .Where(t => _executor.Resolve(t, arguments: null).Behaviour is not null)
            .ToList();

    /// <summary>Begins or continues the configuration of <paramref name="state"/>.</summary>
    public StateConfiguration<TState, TTrigger> Configure(TState state) => new(_states.GetOrAdd(state), _states, _parameters);

    /// <summary>Declares that <paramref name="trigger"/> carries an argument of type <typeparamref name="TArg"/>.</summary>
    public TriggerWithParameters<TTrigger, TArg> SetTriggerParameters<TArg>(TTrigger trigger) => _parameters.Register<TArg>(trigger);

    /// <summary>Fires a trigger; throws <see cref="InvalidTransitionException"/> if the current state refuses it.</summary>
    public void Fire(TTrigger trigger) => Wait(Enter(trigger, Plain(trigger), isTry: false, allowAsync: false));

    /// <summary>Fires a parameterised trigger with its argument.</summary>
    public void Fire<TArg>(TriggerWithParameters<TTrigger, TArg> trigger, TArg argument) =>
        Wait(Enter(Typed(trigger), [argument], isTry: false, allowAsync: false));

    /// <summary>Fires a trigger, awaiting async entry and exit actions.</summary>
    public async Task FireAsync(TTrigger trigger) =>
        await Enter(trigger, Plain(trigger), isTry: false, allowAsync: true).ConfigureAwait(false);

    /// <summary>Fires a parameterised trigger, awaiting async entry and exit actions.</summary>
    public async Task FireAsync<TArg>(TriggerWithParameters<TTrigger, TArg> trigger, TArg argument) =>
        await Enter(Typed(trigger), [argument], isTry: false, allowAsync: true).ConfigureAwait(false);

    /// <summary>Fires a trigger; a refusal comes back as a result with its reason instead of an exception.</summary>
    public FireResult<TState, TTrigger> TryFire(TTrigger trigger) =>
        Wait(Enter(trigger, Plain(trigger), isTry: true, allowAsync: false))!;

    /// <summary>Parameterised form of <see cref="TryFire(TTrigger)"/>.</summary>
    public FireResult<TState, TTrigger> TryFire<TArg>(TriggerWithParameters<TTrigger, TArg> trigger, TArg argument) =>
        Wait(Enter(Typed(trigger), [argument], isTry: true, allowAsync: false))!;

    /// <summary>Async form of <see cref="TryFire(TTrigger)"/>.</summary>
    public async Task<FireResult<TState, TTrigger>> TryFireAsync(TTrigger trigger) =>
        (await Enter(trigger, Plain(trigger), isTry: true, allowAsync: true).ConfigureAwait(false))!;

    /// <summary>Async form of <see cref="TryFire{TArg}(TriggerWithParameters{TTrigger,TArg},TArg)"/>.</summary>
    public async Task<FireResult<TState, TTrigger>> TryFireAsync<TArg>(TriggerWithParameters<TTrigger, TArg> trigger, TArg argument) =>
        (await Enter(Typed(trigger), [argument], isTry: true, allowAsync: true).ConfigureAwait(false))!;

    /// <summary>
    /// True when firing <paramref name="trigger"/> now would not be refused. For a parameterised trigger,
    /// guards that read the argument count as met; use the overload with an argument to check them.
    /// </summary>
    public bool CanFire(TTrigger trigger) => _executor.Resolve(trigger, arguments: null).Behaviour is not null;

    /// <summary>True when firing <paramref name="trigger"/> with <paramref name="argument"/> now would not be refused.</summary>
    public bool CanFire<TArg>(TriggerWithParameters<TTrigger, TArg> trigger, TArg argument) =>
        _executor.Resolve(Typed(trigger), [argument]).Behaviour is not null;

    /// <summary>True when the current state is <paramref name="state"/> or one of its substates.</summary>
    public bool IsInState(TState state) => _states.Find(State).IsIncludedIn(state);

    /// <summary>Adds a handler told about every transition (not about ignored or refused triggers).</summary>
    public void OnTransitioned(Action<Transition<TState, TTrigger>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _executor.AddTransitionedHandler(handler);
    }

    /// <summary>
    /// Replaces the default reaction to a refused trigger (throwing <see cref="InvalidTransitionException"/>).
    /// The handler gets the state, the trigger and the unmet guard descriptions. TryFire never calls it.
    /// </summary>
    public void OnUnhandledTrigger(Action<TState, TTrigger, IReadOnlyList<string>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _executor.SetUnhandledHandler(handler);
    }

    /// <summary>Describes the configured states and rules, for rendering with DotGraph or MermaidGraph.</summary>
    public StateMachineInfo GetInfo() => StateMachineInfoBuilder.Build(_states);

    private static T Wait<T>(ValueTask<T> pending) =>
        // Sync firing refuses async actions before running any, so nothing here can still be pending.
        pending.IsCompleted ? pending.GetAwaiter().GetResult() : throw new InvalidOperationException("A synchronous Fire did not complete synchronously");

    private object?[] Plain(TTrigger trigger)
    {
        _parameters.EnsureNoParameters(trigger);
        return [];
    }

    private TTrigger Typed<TArg>(TriggerWithParameters<TTrigger, TArg> trigger)
    {
        _parameters.EnsureRegistered(trigger);
        return trigger.Trigger;
    }

    /// <returns>The result, or null when the trigger was queued behind the one being handled.</returns>
    private async ValueTask<FireResult<TState, TTrigger>?> Enter(TTrigger trigger, object?[] arguments, bool isTry, bool allowAsync)
    {
        if (_firing)
        {
            if (isTry)
            {
                // A queued trigger's outcome is unknown when TryFire must return, so it cannot be queued.
                throw new InvalidOperationException("TryFire cannot be called while a transition is in progress; use Fire, which queues the trigger");
            }

            _queue.Enqueue((trigger, arguments));
            return null;
        }

        _firing = true;
        try
        {
            var result = await _executor.FireAsync(trigger, arguments, isTry, allowAsync).ConfigureAwait(false);
            while (_queue.TryDequeue(out var next))
            {
                await _executor.FireAsync(next.Trigger, next.Arguments, isTry: false, allowAsync).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            _firing = false;
            _queue.Clear();
        }
    }
}
