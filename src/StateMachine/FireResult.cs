namespace MeshBot.StateMachine;

/// <summary>
/// What <see cref="StateMachine{TState,TTrigger}.TryFire(TTrigger)"/> did: transitioned, ignored the
/// trigger, or refused it with the reason (the same sentence <see cref="InvalidTransitionException"/> carries).
/// </summary>
public sealed class FireResult<TState, TTrigger>
{
    private FireResult(Transition<TState, TTrigger>? transition, bool isIgnored, string? error, IReadOnlyList<string> unmetGuards)
    {
        Transition = transition;
        IsIgnored = isIgnored;
        Error = error;
        UnmetGuards = unmetGuards;
    }

    /// <summary>True when the trigger was accepted: it caused a transition or was ignored.</summary>
    public bool Succeeded => Error is null;

    /// <summary>True when the state configured <c>Ignore</c> for the trigger.</summary>
    public bool IsIgnored { get; }

    /// <summary>The transition made, or null when ignored or refused.</summary>
    public Transition<TState, TTrigger>? Transition { get; }

    /// <summary>Why the trigger was refused, e.g. "Trigger 'Approve' is not valid in state 'Diagnosing': ..."; null on success.</summary>
    public string? Error { get; }

    /// <summary>Descriptions of the guards that were not met; empty on success or when no rule exists.</summary>
    public IReadOnlyList<string> UnmetGuards { get; }

    internal static FireResult<TState, TTrigger> Transitioned(Transition<TState, TTrigger> transition) =>
        new(transition, isIgnored: false, error: null, []);

    internal static FireResult<TState, TTrigger> Ignored() => new(null, isIgnored: true, error: null, []);

    internal static FireResult<TState, TTrigger> Rejected(string error, IReadOnlyList<string> unmetGuards) =>
        new(null, isIgnored: false, error, unmetGuards);
}
