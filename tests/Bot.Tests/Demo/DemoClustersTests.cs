using MeshBot.Bot.Demo.Cluster;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Sources;

namespace MeshBot.Bot.Tests.Demo;

public sealed class DemoClustersTests
{
    [Fact]
    public void Names_EmbeddedScenarios_ListsEveryScenarioButTheBase()
    {
        Assert.Contains("healthy", DemoClusters.Names);
        Assert.Contains("ca-expired", DemoClusters.Names);
        Assert.DoesNotContain("_base", DemoClusters.Names);
        Assert.Equal(DemoClusters.Names.Order(StringComparer.Ordinal), DemoClusters.Names);
    }

    [Fact]
    public void Load_UnknownScenario_ThrowsNamingTheAvailableOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => DemoClusters.Load("no-such-scenario"));
        Assert.Contains("webhook-down-ignore", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_Healthy_ServesTheBaseObjectsAndLogs()
    {
        var cluster = DemoClusters.Load("healthy");

        var pods = await cluster.ListAsync(ResourceKinds.Pod, default);
        Assert.Equal(ReadStatus.Ok, pods.Status);
        Assert.Contains(pods.Items.OfType<Pod>(), p => p.Name == "api-5f7c9d8b6-x2x4k" && p.HasSidecar);
        var log = await cluster.ReadLogAsync(new ContainerRef("payments", "api-5f7c9d8b6-x2x4k", "istio-proxy"), 100, default);
        Assert.Equal(ReadStatus.Ok, log.Status);
        Assert.Contains(log.Lines, l => l.Contains("via_upstream", StringComparison.Ordinal));
        var missing = await cluster.ReadLogAsync(new ContainerRef("payments", "nope", "istio-proxy"), 100, default);
        Assert.Equal(ReadStatus.NotInstalled, missing.Status);
    }

    [Fact]
    public async Task Load_Secrets_ViewsHoldCertificatesOnly()
    {
        var cluster = DemoClusters.Load("healthy");

        var secret = Assert.IsType<Secret>(Assert.Single((await cluster.ListAsync(ResourceKinds.Secret, default)).Items));
        Assert.Contains("ca-cert.pem", secret.Certificates.Keys);
        Assert.DoesNotContain("PRIVATE KEY", secret.Raw.GetRawText(), StringComparison.Ordinal);
        var got = await cluster.GetAsync(ResourceKinds.Secret, "istio-system", "istio-ca-secret");
        Assert.DoesNotContain("ca-key.pem", got!.Value.GetRawText(), StringComparison.Ordinal);
    }
}
