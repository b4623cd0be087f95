namespace MeshBot.StateMachine.Engine;

/// <summary>The exit and entry actions one transition runs, in order.</summary>
internal sealed class TransitionPlan<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private TransitionPlan(
        IReadOnlyList<StateAction<TState, TTrigger>> exitActions, IReadOnlyList<StateAction<TState, TTrigger>> entryActions)
    {
        ExitActions = exitActions;
        EntryActions = entryActions;
    }

    public IReadOnlyList<StateAction<TState, TTrigger>> ExitActions { get; }

    public IReadOnlyList<StateAction<TState, TTrigger>> EntryActions { get; }

    public bool HasAsyncActions => ExitActions.Concat(EntryActions).Any(a => a.IsAsync);

    /// <summary>
    /// A superstate's exit and entry actions run only when the transition crosses its boundary:
    /// states shared by source and destination are neither left nor entered. A reentry leaves every
    /// state from the source up to the reentered one, then enters that one again.
    /// </summary>
    public static TransitionPlan<TState, TTrigger> Create(
        StateRepresentation<TState, TTrigger> source,
        StateRepresentation<TState, TTrigger> destination,
        Transition<TState, TTrigger> transition)
    {
        var sourceChain = source.SelfAndAncestors().ToList();
        List<StateRepresentation<TState, TTrigger>> left, entered;
        if (transition.IsReentry)
        {
            left = sourceChain.TakeWhile(r => r != destination).Append(destination).ToList();
            entered = [destination];
        }
        else
        {
            var destinationChain = destination.SelfAndAncestors().ToList();
            left = sourceChain.TakeWhile(r => !destinationChain.Contains(r)).ToList();
            entered = destinationChain.TakeWhile(r => !sourceChain.Contains(r)).Reverse().ToList();
        }

        return new(
            left.SelectMany(r => r.ExitActions).ToList(),
            entered.SelectMany(r => r.EntryActions).Where(a => a.AppliesTo(transition.Trigger)).ToList());
    }
}
