namespace MeshBot.StateMachine.Engine;

/// <summary>Which rule, if any, handles a trigger in a state, and why not when none does.</summary>
internal sealed class TriggerResolution<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private TriggerResolution(IReadOnlyList<TriggerBehaviour<TState, TTrigger>> met, IReadOnlyList<string> unmetGuards)
    {
        Met = met;
        UnmetGuards = unmetGuards;
    }

    /// <summary>The rules whose guards are met, all at the same (innermost) level of the hierarchy.</summary>
    public IReadOnlyList<TriggerBehaviour<TState, TTrigger>> Met { get; }

    /// <summary>Descriptions of the guards that were checked and not met, innermost state first.</summary>
    public IReadOnlyList<string> UnmetGuards { get; }

    public TriggerBehaviour<TState, TTrigger>? Behaviour => Met.Count > 0 ? Met[0] : null;

    public bool IsAmbiguous => Met.Count > 1;

    /// <summary>
    /// Looks in the state, then in each superstate: a substate's rules override its superstate's,
    /// but when all of a substate's guards fail, the superstate may still handle the trigger.
    /// </summary>
    public static TriggerResolution<TState, TTrigger> Resolve(
        StateRepresentation<TState, TTrigger> state, TTrigger trigger, IReadOnlyList<object?>? arguments)
    {
        var unmet = new List<string>();
        foreach (var level in state.SelfAndAncestors())
        {
            var candidates = level.Behaviours
                .Where(b => EqualityComparer<TTrigger>.Default.Equals(b.Trigger, trigger))
                .ToList();
            var met = candidates.Where(b => b.IsMet(arguments)).ToList();
            if (met.Count > 0)
            {
                return new(met, unmet);
            }

            unmet.AddRange(candidates.Select(b => b.Guard!.Description));
        }

        return new([], unmet);
    }
}
