using MeshBot.StateMachine.Engine;

namespace MeshBot.StateMachine;

/// <summary>One step a <see cref="StateMachine{TState,TTrigger}"/> took: from where, to where, and what caused it.</summary>
public sealed class Transition<TState, TTrigger>
{
    /// <summary>Creates a transition record (the machine makes these; public so callers can build them in tests).</summary>
    public Transition(TState source, TState destination, TTrigger trigger, IReadOnlyList<object?> arguments, bool isReentry)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        Source = source;
        Destination = destination;
        Trigger = trigger;
        Arguments = arguments;
        IsReentry = isReentry;
    }

    /// <summary>The state before the transition.</summary>
    public TState Source { get; }

    /// <summary>The state after the transition.</summary>
    public TState Destination { get; }

    /// <summary>The trigger that caused it.</summary>
    public TTrigger Trigger { get; }

    /// <summary>The argument of a parameterised trigger (one element), otherwise empty.</summary>
    public IReadOnlyList<object?> Arguments { get; }

    /// <summary>True for a reentry: the state was left and entered again.</summary>
    public bool IsReentry { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Display.Of(Source)} --{Display.Of(Trigger)}--> {Display.Of(Destination)}";
}
