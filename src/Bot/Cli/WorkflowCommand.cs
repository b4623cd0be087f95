using System.CommandLine;
using MeshBot.Bot.Incidents;
using MeshBot.StateMachine;
using MeshBot.StateMachine.Graphs;

namespace MeshBot.Bot.Cli;

/// <summary><c>meshbot workflow --format dot|mermaid</c>: the incident workflow's state diagram, generated from its transition table.</summary>
internal static class WorkflowCommand
{
    public static Command Create(TextWriter output)
    {
        var format = new Option<string>("--format") { Description = "dot (Graphviz) or mermaid.", DefaultValueFactory = _ => "dot" };
        format.AcceptOnlyFromAmong("dot", "mermaid");
        var command = new Command("workflow", "Print the incident workflow's state diagram.") { format };
        command.SetAction(async parse =>
        {
            await output.WriteAsync(Diagram(parse.GetValue(format)!)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    public static string Diagram(string format)
    {
        var machine = new StateMachine<IncidentState, IncidentTrigger>(IncidentState.Received);
        IncidentWorkflow.Configure(machine, () => true);
        var info = machine.GetInfo();
        return format == "mermaid" ? MermaidGraph.Format(info) : DotGraph.Format(info);
    }
}
