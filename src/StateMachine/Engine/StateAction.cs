namespace MeshBot.StateMachine.Engine;

/// <summary>
/// An entry or exit action. Sync and async actions share this one shape so that Fire and FireAsync
/// run the same code: a sync action simply completes its <see cref="ValueTask"/> at once.
/// </summary>
internal sealed class StateAction<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private readonly Func<Transition<TState, TTrigger>, ValueTask> _execute;
    private readonly bool _hasTriggerFilter;

    private StateAction(
        Func<Transition<TState, TTrigger>, ValueTask> execute, bool isAsync, string? description,
        bool hasTriggerFilter, TTrigger? fromTrigger)
    {
        _execute = execute;
        IsAsync = isAsync;
        Description = description;
        _hasTriggerFilter = hasTriggerFilter;
        FromTrigger = fromTrigger;
    }

    public bool IsAsync { get; }

    public string? Description { get; }

    /// <summary>For OnEntryFrom actions: the only trigger they run for.</summary>
    public TTrigger? FromTrigger { get; }

    public bool HasTriggerFilter => _hasTriggerFilter;

    public static StateAction<TState, TTrigger> Sync(Action<Transition<TState, TTrigger>> action, string? description)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new(Wrap(action), isAsync: false, description, hasTriggerFilter: false, default);
    }

    public static StateAction<TState, TTrigger> Async(Func<Transition<TState, TTrigger>, Task> action, string? description)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new(t => new ValueTask(action(t)), isAsync: true, description, hasTriggerFilter: false, default);
    }

    public static StateAction<TState, TTrigger> SyncFrom(
        TTrigger trigger, Action<Transition<TState, TTrigger>> action, string? description)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new(Wrap(action), isAsync: false, description, hasTriggerFilter: true, trigger);
    }

    public static StateAction<TState, TTrigger> AsyncFrom(
        TTrigger trigger, Func<Transition<TState, TTrigger>, Task> action, string? description)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new(t => new ValueTask(action(t)), isAsync: true, description, hasTriggerFilter: true, trigger);
    }

    public bool AppliesTo(TTrigger trigger) =>
        !_hasTriggerFilter || EqualityComparer<TTrigger>.Default.Equals(FromTrigger, trigger);

    public ValueTask ExecuteAsync(Transition<TState, TTrigger> transition) => _execute(transition);

    private static Func<Transition<TState, TTrigger>, ValueTask> Wrap(Action<Transition<TState, TTrigger>> action) =>
        t =>
        {
            action(t);
            return ValueTask.CompletedTask;
        };
}
