namespace MeshBot.StateMachine.Engine;

/// <summary>
/// The configured states in the order they were first mentioned, so introspection and the graphs
/// built from it are deterministic.
/// </summary>
internal sealed class StateRegistry<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private readonly Dictionary<TState, StateRepresentation<TState, TTrigger>> _byState = [];
    private readonly List<StateRepresentation<TState, TTrigger>> _inOrder = [];

    public IReadOnlyList<StateRepresentation<TState, TTrigger>> All => _inOrder;

    public StateRepresentation<TState, TTrigger> GetOrAdd(TState state)
    {
        if (!_byState.TryGetValue(state, out var representation))
        {
            representation = new StateRepresentation<TState, TTrigger>(state);
            _byState.Add(state, representation);
            _inOrder.Add(representation);
        }

        return representation;
    }

    /// <summary>
    /// The representation of a state met at run time. A state nobody configured gets an empty,
    /// unregistered one: every trigger is unhandled there, and GetInfo stays what the code configured.
    /// </summary>
    public StateRepresentation<TState, TTrigger> Find(TState state) =>
        _byState.TryGetValue(state, out var representation) ? representation : new(state);
}
