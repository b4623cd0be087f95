using System.Text.Json.Nodes;

namespace MeshBot.Bot.Tests.Cli;

/// <summary><c>meshbot demo</c> through the real command line: every branch's demo ends Resolved, and the audit trail exports.</summary>
public sealed class DemoCommandTests
{
    [Theory]
    [InlineData("sidecar-missing", "label-namespace")]
    [InlineData("cross-namespace", "patch-destination-rule")]
    [InlineData("platform-namespace", "create-peer-authentication")]
    [InlineData("ca-rotation", "restart-istiod")]
    [InlineData("injection-webhook", "restart-istiod")]
    public async Task Demo_AutoApprove_EndsResolvedForEveryBranch(string branch, string firstAction)
    {
        var result = await CliRun.RunAsync("demo", "--scenario", branch, "--auto-approve");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"VERDICT: {branch.ToUpperInvariant()}", result.Output);
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
        var demo = await CliRun.RunAsync("demo", "--scenario", "cross-namespace", "--auto-approve");
        var store = demo.Output[(demo.Output.LastIndexOf("--store \"", StringComparison.Ordinal) + 9)..].Split('"')[0];

        var export = await CliRun.RunAsync("audit", "export", "--store", store);

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
