using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Testing;

namespace MeshBot.Diagnosis.Tests.Runbook;

/// <summary>The per-port TLS contract the JSON <c>edge</c> carries, over the scenarios whose edges the README table describes.</summary>
public sealed class EdgeAnalysisTests
{
    public static TheoryData<string, string, int, DataPlane, MtlsMode, DataPlane, Origination, string?, bool?> Cases => new()
    {
        // scenario, client, port, server plane, enforced, client plane, sends, destination rule, compatible
        { "healthy", "orders/checkout", 80, DataPlane.Sidecar, MtlsMode.Strict, DataPlane.Sidecar, Origination.IstioMutual, null, true },
        { "platform-to-strict", "monitoring/prometheus", 80, DataPlane.Sidecar, MtlsMode.Strict, DataPlane.None, Origination.Plaintext, null, false },
        { "cross-namespace-dr-disable", "orders/checkout", 80, DataPlane.Sidecar, MtlsMode.Strict, DataPlane.Sidecar, Origination.Plaintext, "DestinationRule/orders/api-plaintext", false },
        { "workload-strict-port-permissive", "monitoring/prometheus", 9000, DataPlane.Sidecar, MtlsMode.Permissive, DataPlane.None, Origination.Plaintext, null, true },
        { "ambient-platform-to-strict", "monitoring/prometheus", 80, DataPlane.Ambient, MtlsMode.Strict, DataPlane.None, Origination.Plaintext, null, false },
        { "ambient-platform-disable", "monitoring/prometheus", 80, DataPlane.Ambient, MtlsMode.Permissive, DataPlane.None, Origination.Plaintext, null, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task For_Scenario_DescribesBothEndsOfThePort(string fixture, string client, int port, DataPlane serverPlane, MtlsMode enforced, DataPlane clientPlane, Origination sends, string? rule, bool? compatible)
    {
        var (report, _) = await ScenarioRunner.RunAsync(new Scenario(fixture, "payments/api", client, port, "", "", ""));

        var edge = Assert.Single(report.Edges);
        Assert.Equal(port, edge.Port.ServicePort);
        Assert.Equal(serverPlane, edge.Accepts.DataPlane);
        Assert.Equal(enforced, edge.Accepts.Enforced);
        Assert.NotNull(edge.Sends);
        Assert.Equal(clientPlane, edge.Sends.DataPlane);
        Assert.Equal(sends, edge.Sends.Sends);
        Assert.Equal(rule, edge.Sends.Rule?.Rule?.Reference);
        Assert.True(compatible == edge.Compatible, $"{fixture}: {edge.Why}");
    }

    [Fact]
    public async Task For_MeshClientToPlatformServer_ForcedIstioMutualIsIncompatible()
    {
        var (report, _) = await ScenarioRunner.RunAsync(new Scenario("mesh-to-platform-istio-mutual", "monitoring/prometheus", "payments/api", 9090, "", "", ""));

        var edge = Assert.Single(report.Edges);
        Assert.Equal(DataPlane.None, edge.Accepts.DataPlane);
        Assert.Equal(Origination.IstioMutual, edge.Sends!.Sends);
        Assert.False(edge.Compatible);
    }

    [Fact]
    public async Task For_NoClient_LeavesTheClientSideOpen()
    {
        var (report, _) = await ScenarioRunner.RunAsync(new Scenario("healthy", "payments/api", null, null, "", "", ""));

        Assert.NotEmpty(report.Edges);
        Assert.All(report.Edges, e => Assert.Null(e.Sends));
        Assert.All(report.Edges, e => Assert.Null(e.Compatible));
    }
}
