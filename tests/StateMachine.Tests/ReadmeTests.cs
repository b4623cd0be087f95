using MeshBot.StateMachine.Graphs;
using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

/// <summary>Keeps src/StateMachine/README.md honest: its example runs as described and its diagram is generated.</summary>
public sealed class ReadmeTests
{
    private enum Ticket { Open, Working, Triage, Fixing, Closed }

    private enum Act { Start, Approve, Resolve, Reopen }

    private sealed class Row
    {
        public Ticket State { get; set; }
    }

    [Fact]
    public void Readme_ExampleDiagram_MatchesMermaidGraph()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root(), "src", "StateMachine", "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("```mermaid\n", StringComparison.Ordinal) + "```mermaid\n".Length;
        var diagram = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        Assert.Equal(MermaidGraph.Format(Example(new Row(), []).Machine.GetInfo()), diagram);
    }

    [Fact]
    public async Task Readme_Example_BehavesAsDescribed()
    {
        var row = new Row();
        var posts = new List<string>();
        var (machine, approve) = Example(row, posts);

        await machine.FireAsync(Act.Start);
        var refused = await machine.TryFireAsync(approve, "mallory");
        await machine.FireAsync(approve, "alice");

        Assert.Equal(
            "Trigger 'Approve' is not valid in state 'Triage': guard 'an approver pressed the button' not met", refused.Error);
        Assert.Equal(["alice approved"], posts);
        Assert.Equal(Ticket.Fixing, row.State);
        Assert.True(machine.IsInState(Ticket.Working));
    }

    /// <summary>The README's configuration, with the chat and the approver list replaced by plain values.</summary>
    private static (StateMachine<Ticket, Act> Machine, TriggerWithParameters<Act, string> Approve) Example(Row row, List<string> posts)
    {
        string[] approvers = ["alice"];
        var machine = new StateMachine<Ticket, Act>(() => row.State, state => row.State = state);
        var approve = machine.SetTriggerParameters<string>(Act.Approve);

        machine.Configure(Ticket.Open)
            .Permit(Act.Start, Ticket.Triage);
        machine.Configure(Ticket.Working)
            .Permit(Act.Resolve, Ticket.Closed)
            .OnExit(() => posts.Add("clock stopped"), "stop the clock");
        machine.Configure(Ticket.Triage)
            .SubstateOf(Ticket.Working)
            .PermitIf(approve, Ticket.Fixing, user => approvers.Contains(user), "an approver pressed the button");
        machine.Configure(Ticket.Fixing)
            .SubstateOf(Ticket.Working)
            .OnEntryFromAsync(approve, user =>
            {
                posts.Add($"{user} approved");
                return Task.CompletedTask;
            }, "announce the approver");
        machine.Configure(Ticket.Closed)
            .Permit(Act.Reopen, Ticket.Open);
        return (machine, approve);
    }
}
