using System.Text;
using System.Text.RegularExpressions;
using MeshBot.StateMachine.Introspection;

namespace MeshBot.StateMachine.Graphs;

/// <summary>
/// Renders a <see cref="StateMachineInfo"/> as a Mermaid <c>stateDiagram-v2</c>, for Markdown files that
/// GitHub and most wikis draw. Deterministic like <see cref="DotGraph"/>.
/// </summary>
/// <remarks>
/// Superstates become composite states (<c>state Name { … }</c>). Names that are not plain identifiers
/// get an identifier and a <c>state "name" as id</c> declaration. Actions and ignored triggers are not drawn.
/// </remarks>
public static partial class MermaidGraph
{
    /// <summary>Formats the model as a Mermaid state diagram.</summary>
    public static string Format(StateMachineInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var ids = AssignIds(info);
        var text = new StringBuilder("stateDiagram-v2\n");
        foreach (var state in info.States.Where(s => ids[s.Name] != s.Name))
        {
            text.Append("    state \"").Append(state.Name.Replace("\"", "'", StringComparison.Ordinal))
                .Append("\" as ").Append(ids[state.Name]).Append('\n');
        }

        foreach (var state in info.TopLevelStates)
        {
            AppendState(text, info, ids, state, "    ");
        }

        foreach (var transition in info.States.SelectMany(s => s.Transitions))
        {
            text.Append("    ").Append(ids[transition.Source]).Append(" --> ").Append(ids[transition.Destination])
                .Append(" : ").Append(transition.Label).Append('\n');
        }

        return text.ToString();
    }

    private static void AppendState(
        StringBuilder text, StateMachineInfo info, Dictionary<string, string> ids, StateInfo state, string indent)
    {
        if (state.Substates.Count == 0)
        {
            text.Append(indent).Append(ids[state.Name]).Append('\n');
            return;
        }

        text.Append(indent).Append("state ").Append(ids[state.Name]).Append(" {\n");
        foreach (var substate in state.Substates)
        {
            AppendState(text, info, ids, info[substate], indent + "    ");
        }

        text.Append(indent).Append("}\n");
    }

    /// <summary>Identifiers Mermaid accepts, unique, stable for a given model.</summary>
    private static Dictionary<string, string> AssignIds(StateMachineInfo info)
    {
        var ids = new Dictionary<string, string>();
        var used = new HashSet<string>();
        foreach (var state in info.States)
        {
            var id = NotIdentifier().Replace(state.Name, "_");
            id = id.Length == 0 || char.IsDigit(id[0]) ? "s_" + id : id;
            var unique = id;
            for (var n = 2; !used.Add(unique); n++)
            {
                unique = $"{id}_{n}";
            }

            ids[state.Name] = unique;
        }

        return ids;
    }

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NotIdentifier();
}
