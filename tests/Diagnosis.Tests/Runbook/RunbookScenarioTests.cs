using MeshBot.Diagnosis.Runbook;
using MeshBot.Testing;

namespace MeshBot.Diagnosis.Tests.Runbook;

public sealed class RunbookScenarioTests
{
    public static TheoryData<Scenario> Scenarios => new(Scenario.All);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Diagnose_Fixture_GivesExpectedVerdictStepsAndNeeds(Scenario scenario)
    {
        var (report, _) = await ScenarioRunner.RunAsync(scenario);
        var walk = string.Join("\n", report.Steps.Select(s => $"{s.Branch.Wire()}: {s.Result.Wire()} — {s.Summary}"));

        Assert.True(scenario.Verdict == report.Verdict.Branch, $"{scenario}: verdict {report.Verdict.Branch} ({report.Verdict.Summary})\n{walk}");
        Assert.Equal(BranchNames.Tree.Select(b => b.Wire()), report.Steps.Select(s => s.Branch.Wire()));
        Assert.True(scenario.StepResults.SequenceEqual(report.Steps.Select(s => s.Result.Wire())), $"{scenario}:\n{walk}");
        Assert.True(scenario.ActionWords.Length == report.Needs.Count, $"{scenario}: needs {string.Join(", ", report.Needs.Select(n => n.Key))}");
        Assert.All(report.Steps, s => Assert.All(s.Evidence, e => Assert.StartsWith(e.Command.StartsWith("flux", StringComparison.Ordinal) ? "flux" : e.Command.StartsWith("openssl", StringComparison.Ordinal) ? "openssl" : "kubectl", e.Command)));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Diagnose_Fixture_EveryConfirmedStepHasEvidenceAndVerdictIsDeepest(Scenario scenario)
    {
        var (report, _) = await ScenarioRunner.RunAsync(scenario);

        foreach (var step in report.Steps.Where(s => s.Result == StepResult.Confirmed))
        {
            Assert.NotEmpty(step.Evidence);
            Assert.Contains(report.Findings, f => f.Branch == step.Branch);
        }
        var deepest = report.Steps.LastOrDefault(s => s.Result == StepResult.Confirmed);
        Assert.Equal(deepest?.Branch, report.Verdict.Cause);
        if (report.Verdict.Branch is BranchNames.Healthy)
        {
            Assert.Empty(report.Needs);
        }
    }
}
