using System.Text;
using MeshBot.StateMachine.Introspection;

namespace MeshBot.StateMachine.Graphs;

/// <summary>
/// Renders a <see cref="StateMachineInfo"/> as Graphviz DOT. The text depends only on the model, in
/// its order, with "\n" line ends, so a generated diagram can be committed and diffed.
/// </summary>
/// <remarks>
/// A superstate becomes <c>subgraph "cluster_Name"</c> holding its substates and an invisible anchor node
/// named after it; edges to or from the superstate attach to the cluster's border via lhead/ltail.
/// Edges are labelled <c>Trigger</c> or <c>Trigger [guard]</c>; described actions appear in the state's
/// label as <c>entry / …</c>, <c>entry from Trigger / …</c> and <c>exit / …</c>. Ignored triggers are not drawn.
/// </remarks>
public static class DotGraph
{
    /// <summary>Formats the model as a DOT digraph.</summary>
    public static string Format(StateMachineInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var text = new StringBuilder();
        text.Append("digraph {\n")
            .Append("  compound=true;\n")
            .Append("  rankdir=LR;\n")
            .Append("  node [shape=box, style=rounded];\n");
        foreach (var state in info.TopLevelStates)
        {
            AppendState(text, info, state, "  ");
        }

        var superstates = info.States.Where(s => s.Substates.Count > 0).Select(s => s.Name).ToHashSet();
        foreach (var transition in info.States.SelectMany(s => s.Transitions))
        {
            AppendEdge(text, transition, superstates);
        }

        return text.Append("}\n").ToString();
    }

    private static void AppendState(StringBuilder text, StateMachineInfo info, StateInfo state, string indent)
    {
        if (state.Substates.Count == 0)
        {
            var lines = ActionLines(state);
            text.Append(indent).Append(Quote(state.Name));
            if (lines.Count > 0)
            {
                text.Append(" [label=").Append(Label([state.Name, .. lines])).Append(']');
            }

            text.Append(";\n");
            return;
        }

        text.Append(indent).Append("subgraph ").Append(Quote("cluster_" + state.Name)).Append(" {\n");
        text.Append(indent).Append("  label=").Append(Label([state.Name, .. ActionLines(state)])).Append(";\n");
        text.Append(indent).Append("  ").Append(Quote(state.Name)).Append(" [shape=point, style=invis];\n");
        foreach (var substate in state.Substates)
        {
            AppendState(text, info, info[substate], indent + "  ");
        }

        text.Append(indent).Append("}\n");
    }

    private static void AppendEdge(StringBuilder text, TransitionInfo transition, HashSet<string> superstates)
    {
        text.Append("  ").Append(Quote(transition.Source)).Append(" -> ").Append(Quote(transition.Destination))
            .Append(" [label=").Append(Quote(transition.Label));
        // A self-loop on a cluster's anchor cannot be clipped to the cluster; Graphviz would warn.
        if (transition.Source != transition.Destination)
        {
            if (superstates.Contains(transition.Source))
            {
                text.Append(", ltail=").Append(Quote("cluster_" + transition.Source));
            }

            if (superstates.Contains(transition.Destination))
            {
                text.Append(", lhead=").Append(Quote("cluster_" + transition.Destination));
            }
        }

        text.Append("];\n");
    }

    private static List<string> ActionLines(StateInfo state) =>
    [
        .. state.EntryActions.Where(a => a.Description is not null)
            .Select(a => a.FromTrigger is null ? $"entry / {a.Description}" : $"entry from {a.FromTrigger} / {a.Description}"),
        .. state.ExitActions.Where(a => a.Description is not null).Select(a => $"exit / {a.Description}"),
    ];

    private static string Label(IEnumerable<string> lines) => "\"" + string.Join("\\n", lines.Select(Escape)) + "\"";

    private static string Quote(string text) => "\"" + Escape(text) + "\"";

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
}
