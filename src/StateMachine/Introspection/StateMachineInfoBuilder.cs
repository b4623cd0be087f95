using MeshBot.StateMachine.Engine;

namespace MeshBot.StateMachine.Introspection;

/// <summary>Reads the engine's representations into the public, rendering-neutral model.</summary>
internal static class StateMachineInfoBuilder
{
    public static StateMachineInfo Build<TState, TTrigger>(StateRegistry<TState, TTrigger> states)
        where TState : notnull
        where TTrigger : notnull =>
        new(states.All.Select(Describe).ToList());

    private static StateInfo Describe<TState, TTrigger>(StateRepresentation<TState, TTrigger> state)
        where TState : notnull
        where TTrigger : notnull
    {
        var name = Display.Of(state.State);
        return new StateInfo(
            name,
            state.Superstate is null ? null : Display.Of(state.Superstate.State),
            state.Substates.Select(s => Display.Of(s.State)).ToList(),
            state.Behaviours
                .Where(b => b.Kind != BehaviourKind.Ignore)
                .Select(b => new TransitionInfo(
                    name, Display.Of(b.Trigger), Display.Of(b.Destination), b.Guard?.Description, b.Kind == BehaviourKind.Reentry))
                .ToList(),
            state.Behaviours.Where(b => b.Kind == BehaviourKind.Ignore).Select(b => Display.Of(b.Trigger)).ToList(),
            state.EntryActions.Select(Describe).ToList(),
            state.ExitActions.Select(Describe).ToList());
    }

    private static ActionInfo Describe<TState, TTrigger>(StateAction<TState, TTrigger> action)
        where TState : notnull
        where TTrigger : notnull =>
        new(action.Description, action.HasTriggerFilter ? Display.Of(action.FromTrigger) : null, action.IsAsync);
}
