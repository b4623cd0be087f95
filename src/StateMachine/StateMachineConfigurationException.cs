namespace MeshBot.StateMachine;

/// <summary>
/// The machine's configuration is wrong: a rule conflicts with another, a hierarchy has a cycle, or
/// several guards of one trigger were met at once. A programming error, not a user's mistake.
/// </summary>
public sealed class StateMachineConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception with a message naming the state, trigger and conflict.</summary>
    public StateMachineConfigurationException(string message)
        : base(message)
    {
    }
}
