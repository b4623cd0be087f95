namespace MeshBot.StateMachine.Engine;

/// <summary>One configured rule: in the owning state, this trigger (if the guard is met) does this.</summary>
internal sealed class TriggerBehaviour<TState, TTrigger>(
    TTrigger trigger, BehaviourKind kind, TState destination, TransitionGuard? guard)
    where TState : notnull
    where TTrigger : notnull
{
    public TTrigger Trigger { get; } = trigger;

    public BehaviourKind Kind { get; } = kind;

    /// <summary>Target state; for reentry and ignore it is the owning state.</summary>
    public TState Destination { get; } = destination;

    public TransitionGuard? Guard { get; } = guard;

    public bool IsMet(IReadOnlyList<object?>? arguments) => Guard is null || Guard.IsMet(arguments);
}
