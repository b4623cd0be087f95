using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Diagnosis.Certificates;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Sources;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Tests.Demo;

/// <summary>Restarting istiod makes it ready and does what istiod does at start: CA, root distribution, caBundle.</summary>
public sealed class IstiodRestartTests
{
    private static Task RestartIstiodAsync(InMemoryCluster cluster) =>
        cluster.RolloutRestartAsync(ResourceKinds.Deployment, "istio-system", "istiod", DateTimeOffset.UtcNow, dryRun: false);

    private static async Task<CertificateInfo> CaCertificateAsync(InMemoryCluster cluster)
    {
        var secret = (await cluster.ListAsync<Secret>(ResourceKinds.Secret, "istio-system")).Single(s => s.Name == "istio-ca-secret");
        return CertificateInfo.ParseAll(secret.Certificates["ca-cert.pem"]).Single();
    }

    [Fact]
    public async Task RestartIstiod_NotReady_BecomesReadyWithReadyEndpoints()
    {
        var cluster = DemoClusters.Load("webhook-down-ignore");

        await RestartIstiodAsync(cluster);

        var istiod = (await cluster.ListAsync<Workload>(ResourceKinds.Deployment, "istio-system")).Single();
        Assert.True(istiod.IsReady);
        var pod = Assert.Single(await cluster.PodsAsync("istio-system"));
        Assert.True(pod.Ready && !pod.HasSidecar);
        Assert.Equal(1, (await cluster.ListAsync<Endpoints>(ResourceKinds.Endpoints, "istio-system")).Single().ReadyCount);
        var slice = (await cluster.ListAsync<Endpoints>(ResourceKinds.EndpointSlice, "istio-system")).Single();
        Assert.Equal((pod.PodIp, true), (slice.Addresses.Single().Ip, slice.Addresses.Single().Ready));
        var log = await cluster.ReadLogAsync(new ContainerRef("istio-system", pod.Name, "discovery"), 50, default);
        Assert.Contains(log.Lines, l => l.Contains("info\tads\tPush debounce stable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestartIstiod_ExpiredSelfSignedCa_GeneratesANewRootAndDistributesIt()
    {
        var cluster = DemoClusters.Load("ca-expired");
        var expired = await CaCertificateAsync(cluster);

        await RestartIstiodAsync(cluster);

        var root = await CaCertificateAsync(cluster);
        Assert.False(root.SameAs(expired));
        Assert.True(root.IsCa && root.IsSelfSigned);
        Assert.InRange(root.NotAfter, DateTimeOffset.UtcNow.AddYears(10).AddDays(-1), DateTimeOffset.UtcNow.AddYears(10).AddDays(1));
        using (var key = root.Certificate.GetECDsaPublicKey())
        {
            Assert.Equal(256, key!.KeySize);
        }
        var raw = (await cluster.RequireAsync(ResourceKinds.Secret, "istio-system", "istio-ca-secret")).GetRawText();
        Assert.DoesNotContain("PRIVATE KEY", raw, StringComparison.Ordinal);

        var configMaps = (await cluster.ListAsync<ConfigMap>(ResourceKinds.ConfigMap)).Where(c => c.Name == "istio-ca-root-cert").ToArray();
        Assert.Equal(5, configMaps.Length);
        Assert.All(configMaps, c => Assert.True(CertificateInfo.ParseAll(c.Data["root-cert.pem"]).Single().SameAs(root), c.Reference));
    }

    [Fact]
    public async Task RestartIstiod_ValidCa_KeepsItAndLeavesConfigMapsAlone()
    {
        var cluster = DemoClusters.Load("healthy");
        var ca = await CaCertificateAsync(cluster);
        var version = await cluster.VersionAsync(ResourceKinds.ConfigMap, "payments", "istio-ca-root-cert");

        await RestartIstiodAsync(cluster);

        Assert.True((await CaCertificateAsync(cluster)).SameAs(ca));
        Assert.Equal(version, await cluster.VersionAsync(ResourceKinds.ConfigMap, "payments", "istio-ca-root-cert"));
    }

    [Fact]
    public async Task RestartIstiod_PluggedCa_DistributesThePluggedRoot()
    {
        var cluster = DemoClusters.Load("cacerts-root-mismatch");
        var plugged = (await cluster.ListAsync<Secret>(ResourceKinds.Secret, "istio-system")).Single(s => s.Name == "cacerts");
        var pluggedRoot = CertificateInfo.ParseAll(plugged.Certificates["root-cert.pem"]).Single();

        await RestartIstiodAsync(cluster);

        var configMap = (await cluster.ListAsync<ConfigMap>(ResourceKinds.ConfigMap, "payments")).Single(c => c.Name == "istio-ca-root-cert");
        Assert.True(CertificateInfo.ParseAll(configMap.Data["root-cert.pem"]).Single().SameAs(pluggedRoot));
    }

    [Fact]
    public async Task RestartIstiod_NamespaceWithoutRootConfigMap_GetsOne()
    {
        var cluster = DemoClusters.Load("healthy");
        await cluster.CreateAsync(ResourceKinds.Namespace, null, JsonNode.Parse("""{"metadata":{"name":"billing"}}""")!.AsObject(), dryRun: false);

        await RestartIstiodAsync(cluster);

        var configMap = Assert.Single(await cluster.ListAsync<ConfigMap>(ResourceKinds.ConfigMap, "billing"));
        Assert.Equal("istio-ca-root-cert", configMap.Name);
        Assert.True(CertificateInfo.ParseAll(configMap.Data["root-cert.pem"]).Single().SameAs(await CaCertificateAsync(cluster)));
    }

    [Fact]
    public async Task RestartIstiod_EmptyCaBundle_FillsItWithTheRoot()
    {
        var cluster = DemoClusters.Load("webhook-empty-cabundle");

        await RestartIstiodAsync(cluster);

        var root = await CaCertificateAsync(cluster);
        var webhooks = (await cluster.ListAsync<MutatingWebhookConfiguration>(ResourceKinds.MutatingWebhookConfiguration)).Single().InjectorWebhooks.ToArray();
        Assert.Equal(4, webhooks.Length);
        Assert.All(webhooks, w => Assert.True(CertificateInfo.ParseAll(Encoding.UTF8.GetString(Convert.FromBase64String(w.CaBundle!))).Single().SameAs(root), w.Name));
    }

    [Fact]
    public async Task RestartIstiod_FailedWebhookCalls_ClearsTheEventsAndCreatesTheMissingPods()
    {
        var cluster = DemoClusters.Load("webhook-failed-calling");
        Assert.Single(await cluster.PodsAsync("payments"));

        await RestartIstiodAsync(cluster);

        Assert.DoesNotContain(await cluster.ListAsync<KubeEvent>(ResourceKinds.Event), e => e.Message.Contains("failed calling webhook", StringComparison.Ordinal));
        var pods = await cluster.PodsAsync("payments");
        Assert.Equal(2, pods.Length);
        Assert.All(pods, p => Assert.True(p.HasSidecar && p.Ready, p.Name));
        Assert.True((await cluster.ListAsync<Workload>(ResourceKinds.Deployment, "payments")).Single().IsReady);
    }

    [Fact]
    public async Task RestartIstiod_AfterARejectedRollout_TheRetriedReplicaSetGetsInjectedPods()
    {
        var cluster = DemoClusters.Load("healthy");
        await cluster.PatchAsync(ResourceKinds.Endpoints, "istio-system", "istiod", PatchType.Json, """[{"op":"remove","path":"/subsets"}]""", dryRun: false);
        await cluster.PatchAsync(ResourceKinds.EndpointSlice, "istio-system", "istiod-k7h2p", PatchType.Merge, """{"endpoints":null}""", dryRun: false);
        await cluster.RolloutRestartAsync(ResourceKinds.Deployment, "payments", "api", DateTimeOffset.UtcNow, dryRun: false);

        await RestartIstiodAsync(cluster);

        var pods = await cluster.PodsAsync("payments");
        Assert.Equal(2, pods.Length);
        Assert.All(pods, p => Assert.True(p.HasSidecar && !p.Name.StartsWith("api-5f7c9d8b6-", StringComparison.Ordinal), p.Name));
        Assert.Empty(await cluster.ListAsync<KubeEvent>(ResourceKinds.Event, "payments"));
        var status = (await cluster.RequireAsync(ResourceKinds.Deployment, "payments", "api")).GetProperty("status");
        Assert.DoesNotContain(status.GetProperty("conditions").EnumerateArray(), c => c.Str("type") == "ReplicaFailure");
    }
}
