using System.Net;
using System.Text.Json.Nodes;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Tests.Demo;

/// <summary>Create with the API server's semantics and errors, on the demo's healthy cluster.</summary>
public sealed class InMemoryClusterCreateTests
{
    private readonly InMemoryCluster _cluster = DemoClusters.Load("healthy");

    private static JsonObject PeerAuthentication(string name, string ns) => new()
    {
        ["apiVersion"] = "security.istio.io/v1",
        ["kind"] = "PeerAuthentication",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["mtls"] = new JsonObject { ["mode"] = "PERMISSIVE" } },
    };

    [Fact]
    public async Task CreateAsync_NewObject_StoresItWithIdentity()
    {
        var before = long.Parse((await _cluster.VersionAsync(ResourceKinds.Namespace, null, "payments"))!);

        var created = await _cluster.CreateAsync(ResourceKinds.PeerAuthentication, "payments", PeerAuthentication("open", "payments"), dryRun: false);

        Assert.True(Guid.TryParse(created.Str("metadata", "uid"), out _));
        Assert.NotNull(created.Str("metadata", "creationTimestamp"));
        Assert.Equal("1", created.Str("metadata", "generation"));
        Assert.True(long.Parse(created.Str("metadata", "resourceVersion")!) > before);
        Assert.Contains(await _cluster.ListAsync<PeerAuthentication>(ResourceKinds.PeerAuthentication), p => p.Reference == "PeerAuthentication/payments/open");
        Assert.Equal("create PeerAuthentication/payments/open", Assert.Single(_cluster.Writes).ToString());
    }

    [Fact]
    public async Task CreateAsync_ExistingName_Throws409AlreadyExists()
    {
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            _cluster.CreateAsync(ResourceKinds.PeerAuthentication, "istio-system", PeerAuthentication("default", "istio-system"), dryRun: false));

        Assert.Equal((HttpStatusCode.Conflict, "AlreadyExists"), (e.Status, e.Reason));
        Assert.Equal("409 AlreadyExists: peerauthentications.security.istio.io \"default\" already exists", e.Message);
        Assert.Empty(_cluster.Writes);
    }

    [Fact]
    public async Task CreateAsync_MissingNamespace_Throws404NamespaceNotFound()
    {
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            _cluster.CreateAsync(ResourceKinds.PeerAuthentication, "nowhere", PeerAuthentication("open", "nowhere"), dryRun: false));

        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Equal("404 NotFound: namespaces \"nowhere\" not found", e.Message);
    }

    [Fact]
    public async Task CreateAsync_DryRun_ReturnsTheObjectAndStoresNothing()
    {
        var result = await _cluster.CreateAsync(ResourceKinds.PeerAuthentication, "payments", PeerAuthentication("open", "payments"), dryRun: true);

        Assert.Equal("open", result.Str("metadata", "name"));
        Assert.Null(await _cluster.GetAsync(ResourceKinds.PeerAuthentication, "payments", "open"));
        Assert.True(Assert.Single(_cluster.Writes) is { DryRun: true, Changed: false });
    }

    [Fact]
    public async Task CreateAsync_Clock_StampsCreationTimeAndTheWriteLogFromTheTimeProvider()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 10, 14, 9, 30, 0, TimeSpan.Zero));
        var cluster = DemoClusters.Load("healthy", clock);
        clock.Advance(TimeSpan.FromMinutes(5));

        var created = await cluster.CreateAsync(ResourceKinds.PeerAuthentication, "payments", PeerAuthentication("open", "payments"), dryRun: false);

        Assert.Equal("2026-10-14T09:35:00Z", created.Str("metadata", "creationTimestamp"));
        Assert.Equal(clock.GetUtcNow(), Assert.Single(cluster.Writes).Time);
    }
}
