namespace MeshBot.StateMachine;

/// <summary>
/// A trigger was fired in a state that does not accept it, e.g.
/// "Trigger 'Approve' is not valid in state 'Diagnosing': guard 'an approver pressed the button' not met".
/// </summary>
public sealed class InvalidTransitionException : InvalidOperationException
{
    internal InvalidTransitionException(string message, object state, object trigger, IReadOnlyList<string> unmetGuards)
        : base(message)
    {
        State = state;
        Trigger = trigger;
        UnmetGuards = unmetGuards;
    }

    /// <summary>The state the machine was in (the machine's TState value).</summary>
    public object State { get; }

    /// <summary>The refused trigger (the machine's TTrigger value).</summary>
    public object Trigger { get; }

    /// <summary>Descriptions of the guards that were not met; empty when no rule exists for the trigger.</summary>
    public IReadOnlyList<string> UnmetGuards { get; }
}
