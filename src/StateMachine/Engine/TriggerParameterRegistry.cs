namespace MeshBot.StateMachine.Engine;

/// <summary>Which triggers carry an argument, and of what type; checked on every Fire.</summary>
internal sealed class TriggerParameterRegistry<TTrigger>
    where TTrigger : notnull
{
    private readonly Dictionary<TTrigger, Type> _types = [];

    public TriggerWithParameters<TTrigger, TArg> Register<TArg>(TTrigger trigger)
    {
        if (!_types.TryAdd(trigger, typeof(TArg)))
        {
            throw new StateMachineConfigurationException(
                $"Parameters for trigger '{Display.Of(trigger)}' are already set ({_types[trigger].Name})");
        }

        return new TriggerWithParameters<TTrigger, TArg>(trigger);
    }

    /// <summary>Throws unless the trigger is registered with exactly this argument type.</summary>
    public void EnsureRegistered<TArg>(TriggerWithParameters<TTrigger, TArg> trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (!_types.TryGetValue(trigger.Trigger, out var type) || type != typeof(TArg))
        {
            throw new StateMachineConfigurationException(
                $"Trigger '{Display.Of(trigger.Trigger)}' was not set up with SetTriggerParameters<{typeof(TArg).Name}> on this machine");
        }
    }

    /// <summary>Throws when a trigger that needs an argument is fired or queried without one.</summary>
    public void EnsureNoParameters(TTrigger trigger)
    {
        if (_types.TryGetValue(trigger, out var type))
        {
            throw new ArgumentException(
                $"Trigger '{Display.Of(trigger)}' takes an argument of type {type.Name}; "
                + "use the TriggerWithParameters returned by SetTriggerParameters",
                nameof(trigger));
        }
    }
}
