using MeshBot.StateMachine.Graphs;
using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests.Graphs;

public sealed class DotGraphTests
{
    [Fact]
    public void Format_Workflow_RendersClustersAndGuardedEdges()
    {
        var dot = DotGraph.Format(new Workflow().Machine.GetInfo());

        Assert.Equal(
            """
            digraph {
              compound=true;
              rankdir=LR;
              node [shape=box, style=rounded];
              "Open";
              subgraph "cluster_Active" {
                label="Active";
                "Active" [shape=point, style=invis];
                "Diagnosing";
                "Remediating";
              }
              "Closed";
              "Open" -> "Diagnosing" [label="Start"];
              "Diagnosing" -> "Remediating" [label="Approve [an approver pressed the button]"];
              "Active" -> "Closed" [label="Resolve", ltail="cluster_Active"];
              "Closed" -> "Open" [label="Reopen"];
            }

            """.ReplaceLineEndings("\n"),
            dot);
    }

    [Fact]
    public void Format_DescribedActions_AppearInLabelsEscaped()
    {
        var machine = new StateMachine<string, string>("Idle");
        machine.Configure("Idle").Permit("Go", "Working").OnExit(() => { }, "log start");
        machine.Configure("Working").SubstateOf("Job").PermitReentry("Retry").OnEntryFrom("Go", () => { }, "say \"hi\"");
        machine.Configure("Job").Permit("Cancel", "Idle").OnEntry(() => { }, "open job").OnEntry(() => { });
        machine.Configure("Idle").Permit("Resume", "Job").Ignore("Ping");

        var dot = DotGraph.Format(machine.GetInfo());

        Assert.Equal(
            """
            digraph {
              compound=true;
              rankdir=LR;
              node [shape=box, style=rounded];
              "Idle" [label="Idle\nexit / log start"];
              subgraph "cluster_Job" {
                label="Job\nentry / open job";
                "Job" [shape=point, style=invis];
                "Working" [label="Working\nentry from Go / say \"hi\""];
              }
              "Idle" -> "Working" [label="Go"];
              "Idle" -> "Job" [label="Resume", lhead="cluster_Job"];
              "Working" -> "Working" [label="Retry"];
              "Job" -> "Idle" [label="Cancel", ltail="cluster_Job"];
            }

            """.ReplaceLineEndings("\n"),
            dot);
    }

    [Fact]
    public void Format_SameConfiguration_GivesIdenticalText()
    {
        Assert.Equal(DotGraph.Format(new Workflow().Machine.GetInfo()), DotGraph.Format(new Workflow().Machine.GetInfo()));
    }

    [Fact]
    public void Format_NullInfo_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => DotGraph.Format(null!));
    }
}
