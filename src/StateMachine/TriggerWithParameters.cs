using MeshBot.StateMachine.Engine;

namespace MeshBot.StateMachine;

/// <summary>
/// A trigger that carries one typed argument, obtained from
/// <see cref="StateMachine{TState,TTrigger}.SetTriggerParameters{TArg}(TTrigger)"/>. One argument keeps the
/// API small; pass several values as a record or a tuple.
/// </summary>
public sealed class TriggerWithParameters<TTrigger, TArg>
{
    internal TriggerWithParameters(TTrigger trigger) => Trigger = trigger;

    /// <summary>The underlying trigger value; use it wherever a plain trigger is expected (Permit, Ignore, ...).</summary>
    public TTrigger Trigger { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Display.Of(Trigger)}({typeof(TArg).Name})";
}
