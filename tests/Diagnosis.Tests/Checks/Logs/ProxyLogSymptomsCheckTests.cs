using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Diagnosis.Tests.Runbook;
using MeshBot.Testing;

namespace MeshBot.Diagnosis.Tests.Checks.Logs;

public sealed class ProxyLogSymptomsCheckTests
{
    [Fact]
    public async Task Run_AmbientServer_ReadsTheZtunnelOfItsNodeAndSeesTheStrictRejection()
    {
        var (report, _) = await ScenarioRunner.RunAsync(new Scenario("ambient-platform-to-strict", "payments/api", "monitoring/prometheus", 80, "platform-namespace", "", ""));

        var finding = Assert.Single(report.Findings, f => f.Code == Catalogue.PlaintextRejectedInLogs);
        Assert.Equal("Pod/istio-system/ztunnel-7xk2p", finding.Resource);
        Assert.Equal(StepResult.Confirmed, report.Symptoms.Result);
    }
}
