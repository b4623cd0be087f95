using MeshBot.Diagnosis.Runbook;
using MeshBot.Diagnosis.Tests.Runbook;
using MeshBot.Testing;

namespace MeshBot.Diagnosis.Tests.Checks.Ambient;

public sealed class AmbientNodeAgentsCheckTests
{
    [Fact]
    public async Task Run_ZtunnelNotReadyOnTheNodeOfAnAmbientPod_NamesTheNodeAndRestartsTheDaemonSet()
    {
        var (report, _) = await ScenarioRunner.RunAsync(new Scenario("ambient-ztunnel-down", "payments/api", null, null, "sidecar-missing", "", ""));

        var finding = Assert.Single(report.Findings, f => f.Code == Findings.Catalogue.AmbientNodeAgentNotReady);
        Assert.Contains("ztunnel", finding.Message);
        Assert.Contains("kind-worker2", finding.Message);
        var need = Assert.Single(report.Needs);
        Assert.Equal("rollout-restart/DaemonSet/istio-system/ztunnel", need.Key);
        Assert.DoesNotContain(report.Needs, n => n is EnableNamespaceInjection);
    }

    [Theory]
    [InlineData("ambient-namespace")]
    [InlineData("healthy")]
    public async Task Run_AgentsReadyOrNoAmbientPod_ConfirmsNothing(string fixture)
    {
        var (report, _) = await ScenarioRunner.RunAsync(new Scenario(fixture, "payments/api", null, null, "healthy", "", ""));

        var outcome = report.Steps.Single(s => s.Branch == Branch.SidecarMissing).Checks.Single(o => o.Check == "AmbientNodeAgents");
        Assert.Equal(fixture == "healthy" ? StepResult.Skipped : StepResult.RuledOut, outcome.Result);
        Assert.DoesNotContain(report.Findings, f => f.Code == Findings.Catalogue.AmbientNodeAgentNotReady);
    }
}
