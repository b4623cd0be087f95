namespace MeshBot.StateMachine.Introspection;

/// <summary>
/// A plain description of a configured machine, independent of any rendering. States come in the
/// order they were first mentioned in the configuration, rules in the order they were added, so the
/// same code always yields the same model (and the same diagram).
/// </summary>
/// <param name="States">Every configured or referenced state, superstates and substates alike.</param>
public sealed record StateMachineInfo(IReadOnlyList<StateInfo> States)
{
    /// <summary>States without a superstate, in configuration order.</summary>
    public IEnumerable<StateInfo> TopLevelStates => States.Where(s => s.Superstate is null);

    /// <summary>The state with this name; throws <see cref="KeyNotFoundException"/> if there is none.</summary>
    public StateInfo this[string name] =>
        States.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"No state '{name}'");
}
