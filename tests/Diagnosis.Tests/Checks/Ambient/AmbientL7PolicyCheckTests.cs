using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Diagnosis.Tests.Runbook;
using MeshBot.Testing;

namespace MeshBot.Diagnosis.Tests.Checks.Ambient;

public sealed class AmbientL7PolicyCheckTests
{
    [Fact]
    public async Task Run_AllowPolicyWithMethodsOnAmbientServerWithoutWaypoint_SaysZtunnelNeverMatchesIt()
    {
        var (report, _) = await ScenarioRunner.RunAsync(new Scenario("ambient-l7-allow", "payments/api", null, null, "", "", ""));

        var finding = Assert.Single(report.Findings, f => f.Code == Catalogue.L7PolicyWithoutWaypoint);
        Assert.Equal("AuthorizationPolicy/payments/api-get-only", finding.Resource);
        Assert.Contains("methods", finding.Message);
        Assert.Contains("never match", finding.Message);
        Assert.Equal("inconclusive", report.Verdict.Branch);
        Assert.Contains("authorization is stricter than written", report.Verdict.Summary);
        Assert.Empty(report.Needs);
    }

    [Theory]
    [InlineData("ambient-namespace")]
    [InlineData("ambient-waypoint-down")]
    [InlineData("rbac-denied")]
    public async Task Run_NoHttpPolicyLeftToZtunnel_ReportsNothing(string fixture)
    {
        var (report, _) = await ScenarioRunner.RunAsync(new Scenario(fixture, "payments/api", null, null, "", "", ""));

        Assert.DoesNotContain(report.Findings, f => f.Code == Catalogue.L7PolicyWithoutWaypoint);
    }
}
