namespace MeshBot.StateMachine.Introspection;

/// <summary>One state as configured.</summary>
/// <param name="Name">The state's text.</param>
/// <param name="Superstate">The name of the superstate, or null at the top level.</param>
/// <param name="Substates">Names of the direct substates.</param>
/// <param name="Transitions">Transitions and reentries configured on this state (not inherited ones).</param>
/// <param name="IgnoredTriggers">Triggers this state ignores.</param>
/// <param name="EntryActions">Entry actions, in the order they run.</param>
/// <param name="ExitActions">Exit actions, in the order they run.</param>
public sealed record StateInfo(
    string Name,
    string? Superstate,
    IReadOnlyList<string> Substates,
    IReadOnlyList<TransitionInfo> Transitions,
    IReadOnlyList<string> IgnoredTriggers,
    IReadOnlyList<ActionInfo> EntryActions,
    IReadOnlyList<ActionInfo> ExitActions);
