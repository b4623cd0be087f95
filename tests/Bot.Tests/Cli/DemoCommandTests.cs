using System.Text.Json.Nodes;

namespace MeshBot.Bot.Tests.Cli;

/// <summary><c>meshbot demo</c> through the real command line: every branch's demo ends Resolved, and the audit trail exports.</summary>
public sealed class DemoCommandTests
{
    [Theory]
    [InlineData("sidecar-missing", "sidecar-missing", "label-namespace")]
    [InlineData("cross-namespace", "cross-namespace", "patch-destination-rule")]
    [InlineData("platform-namespace", "platform-namespace", "create-peer-authentication")]
    [InlineData("ca-rotation", "ca-rotation", "restart-istiod")]
    [InlineData("injection-webhook", "injection-webhook", "restart-istiod")]
    [InlineData("ambient", "sidecar-missing", "rollout-restart DaemonSet/istio-system/ztunnel")] // ambient's data plane is ztunnel: restarted, never injected
    public async Task Demo_AutoApprove_EndsResolvedForEveryBranch(string scenario, string verdict, string firstAction)
    {
        var result = await CliRun.RunAsync("demo", "--scenario", scenario, "--auto-approve");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"VERDICT: {verdict.ToUpperInvariant()}", result.Output);
        Assert.Contains($"1. {firstAction} ", result.Output);
        Assert.Contains("Verifying → Resolved", result.Output);
        Assert.Contains("ended Resolved", result.Output);
    }

    [Fact]
    public async Task Demo_Interactive_ApprovesAtThePromptAndRefusesAStranger()
    {
        var input = new StringReader("approve as mallory\napprove\n");

        var result = await CliRun.RunAsync(input, "demo", "--scenario", "platform-namespace");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("✗ refused mallory: mallory is not an approver", result.Output);
        Assert.Contains("ended Resolved", result.Output);
    }

    [Theory]
    [InlineData("platform-namespace", false)] // create-peer-authentication: medium risk, one approver
    [InlineData("ca-rotation", true)] // restart-istiod: high risk, two
    public async Task Demo_Prompt_OffersASecondApproverOnlyWhereThePolicyAsksForOne(string branch, bool offered)
    {
        var result = await CliRun.RunAsync(new StringReader("quit\n"), "demo", "--scenario", branch);

        Assert.Equal(offered, result.Output.Contains("for the second approver", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_FirstOfTwoApprovals_SaysItIsTheFirstNotApproved()
    {
        var result = await CliRun.RunAsync(new StringReader("approve\nquit\n"), "demo", "--scenario", "ca-rotation");

        Assert.Contains("first approval, by sre-alice; high risk needs a second approver", result.Output);
        Assert.DoesNotContain("approved by sre-alice:", result.Output);
    }

    [Fact]
    public async Task Demo_QuitAtThePrompt_ExitsNonZeroWithoutApplyingAnything()
    {
        var result = await CliRun.RunAsync(new StringReader("quit\n"), "demo", "--scenario", "sidecar-missing");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ended AwaitingApproval; 0 write(s) applied", result.Output);
    }

    [Fact]
    public async Task AuditExport_AfterADemo_PrintsJsonLinesWithActorsAndCorrelation()
    {
        var kept = Path.Combine(Path.GetTempPath(), $"meshbot-kept-{Guid.NewGuid():N}.db");
        var demo = await CliRun.RunAsync("demo", "--scenario", "cross-namespace", "--auto-approve", "--store", kept);
        Assert.Contains($"Audit trail: meshbot audit export --store {kept}", demo.Output);

        var export = await CliRun.RunAsync("audit", "export", "--store", kept);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { kept, kept + "-wal", kept + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }

        Assert.Equal(0, export.ExitCode);
        var lines = export.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Contains(lines, l => (string?)l["kind"] == "request" && (string?)l["actor"] == "alertmanager");
        Assert.Contains(lines, l => (string?)l["kind"] == "approval" && (string?)l["actor"] == "sre-alice");
        Assert.Contains(lines, l => (string?)l["kind"] == "execution-step-finished");
        Assert.Contains(lines, l => (string?)l["kind"] == "transition" && ((string?)l["summary"])!.StartsWith("Verifying → Resolved", StringComparison.Ordinal));
        Assert.Single(lines.Select(l => (string?)l["correlationId"]).Distinct());
    }

    [Fact]
    public async Task Workflow_Diagram_IsTheOneInTheReadme()
    {
        var mermaid = await CliRun.RunAsync("workflow", "--format", "mermaid");
        var dot = await CliRun.RunAsync("workflow");
        var readme = await File.ReadAllTextAsync(Path.Combine(MeshBot.Testing.RepositoryRoot.Find(), "README.md"));

        Assert.Contains("DiagnosingSidecarMissing --> DiagnosingCrossNamespace : StepDone", mermaid.Output);
        Assert.StartsWith("digraph", dot.Output.TrimStart());
        Assert.Contains(mermaid.Output.Trim(), readme.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
