using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Diagnosis.Tests.Runbook;
using MeshBot.Testing;

namespace MeshBot.Diagnosis.Tests.Checks.Ambient;

public sealed class WaypointCheckTests
{
    [Fact]
    public async Task Run_ServiceUsesAWaypointWithNoReadyPod_RestartsTheWaypointDeployment()
    {
        var (report, _) = await ScenarioRunner.RunAsync(new Scenario("ambient-waypoint-down", "payments/api", null, null, "", "", ""));

        var finding = Assert.Single(report.Findings, f => f.Code == Catalogue.WaypointNotReady);
        Assert.Contains("payments/waypoint", finding.Message);
        Assert.Equal("rollout-restart/Deployment/payments/waypoint", Assert.Single(report.Needs).Key);
    }

    [Theory]
    [InlineData("ambient-namespace", StepResult.Skipped)]
    [InlineData("healthy", StepResult.Skipped)]
    public async Task Run_NoWaypointInUse_IsSkipped(string fixture, StepResult result)
    {
        var (report, _) = await ScenarioRunner.RunAsync(new Scenario(fixture, "payments/api", null, null, "", "", ""));

        Assert.Equal(result, report.Steps.Single(s => s.Branch == Branch.SidecarMissing).Checks.Single(c => c.Check == "Waypoint").Result);
    }
}
