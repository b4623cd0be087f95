using MeshBot.StateMachine.Graphs;
using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests.Graphs;

public sealed class MermaidGraphTests
{
    [Fact]
    public void Format_Workflow_RendersCompositeStatesAndLabelledTransitions()
    {
        var mermaid = MermaidGraph.Format(new Workflow().Machine.GetInfo());

        Assert.Equal(
            """
            stateDiagram-v2
                Open
                state Active {
                    Diagnosing
                    Remediating
                }
                Closed
                Open --> Diagnosing : Start
                Diagnosing --> Remediating : Approve [an approver pressed the button]
                Active --> Closed : Resolve
                Closed --> Open : Reopen

            """.ReplaceLineEndings("\n"),
            mermaid);
    }

    [Fact]
    public void Format_NamesThatAreNotIdentifiers_GetDeclaredIds()
    {
        var machine = new StateMachine<string, string>("waiting for approval");
        machine.Configure("waiting for approval").Permit("ok", "waiting_for_approval").Permit("retry", "2nd try");

        var mermaid = MermaidGraph.Format(machine.GetInfo());

        Assert.Equal(
            """
            stateDiagram-v2
                state "waiting for approval" as waiting_for_approval
                state "waiting_for_approval" as waiting_for_approval_2
                state "2nd try" as s_2nd_try
                waiting_for_approval
                waiting_for_approval_2
                s_2nd_try
                waiting_for_approval --> waiting_for_approval_2 : ok
                waiting_for_approval --> s_2nd_try : retry

            """.ReplaceLineEndings("\n"),
            mermaid);
    }

    [Fact]
    public void Format_NullInfo_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => MermaidGraph.Format(null!));
    }
}
