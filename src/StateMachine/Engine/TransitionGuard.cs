namespace MeshBot.StateMachine.Engine;

/// <summary>A condition on a transition plus the sentence that explains it when it is not met.</summary>
internal sealed class TransitionGuard
{
    private readonly Func<IReadOnlyList<object?>, bool> _predicate;

    private TransitionGuard(Func<IReadOnlyList<object?>, bool> predicate, string description, bool needsArgument)
    {
        _predicate = predicate;
        Description = description;
        NeedsArgument = needsArgument;
    }

    public string Description { get; }

    /// <summary>True when the guard reads the trigger's argument.</summary>
    public bool NeedsArgument { get; }

    public static TransitionGuard Create(Func<bool> guard, string description) =>
        new(_ => guard(), Validate(guard, description), needsArgument: false);

    public static TransitionGuard Create<TArg>(Func<TArg, bool> guard, string description) =>
        new(args => guard((TArg)args[0]!), Validate(guard, description), needsArgument: true);

    /// <summary>
    /// Evaluates the guard. <paramref name="arguments"/> is null for queries made without an argument
    /// (CanFire(trigger), PermittedTriggers): a guard that needs one then counts as met, because
    /// "could this be fired by someone" is the useful answer for offering the action.
    /// </summary>
    public bool IsMet(IReadOnlyList<object?>? arguments) =>
        arguments is null ? NeedsArgument || _predicate([]) : _predicate(arguments);

    private static string Validate(Delegate guard, string description)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return description;
    }
}
