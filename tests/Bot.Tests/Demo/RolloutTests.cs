using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Sources;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Tests.Demo;

/// <summary>Pod template changes roll pods; injection happens at creation, exactly when the injector would inject.</summary>
public sealed partial class RolloutTests
{
    [GeneratedRegex("^api-[0-9a-f]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$")]
    private static partial Regex ApiPodName();

    [Fact]
    public async Task RolloutRestart_InjectedNamespace_ReplacesPodsWithReadySidecarPods()
    {
        var cluster = DemoClusters.Load("healthy");

        await cluster.RolloutRestartAsync(ResourceKinds.Deployment, "payments", "api", DateTimeOffset.UtcNow, dryRun: false);

        var pods = await cluster.PodsAsync("payments");
        Assert.Equal(2, pods.Length);
        Assert.All(pods, p => Assert.Matches(ApiPodName(), p.Name));
        Assert.All(pods, p => Assert.True(p.HasSidecar && p.Ready && p.Phase == "Running" && p.PodIp is not null, p.Name));
        Assert.All(pods, p => Assert.Equal("istio", p.Meta.Label("security.istio.io/tlsMode")));
        Assert.All(pods, p => Assert.Equal("api", p.Meta.Label("service.istio.io/canonical-name")));
        Assert.All(pods, p => Assert.Contains("\"revision\":\"default\"", p.Meta.Annotation("sidecar.istio.io/status"), StringComparison.Ordinal));
        Assert.All(pods, p => Assert.Equal("istio-init", Assert.Single(p.InitContainers).Name));
        var proxy = pods[0].Containers.Single(c => c.Name == "istio-proxy");
        Assert.Equal(("docker.io/istio/proxyv2:1.24.2", 15090, "http-envoy-prom"), (proxy.Image, proxy.Ports[0].Port, proxy.Ports[0].Name));

        var hash = pods[0].Meta.Label("pod-template-hash")!;
        var replicaSets = await cluster.ListAsync<Workload>(ResourceKinds.ReplicaSet, "payments");
        Assert.Equal(2, replicaSets.Single(r => r.Name == $"api-{hash}").ReadyReplicas);
        Assert.Equal(0, replicaSets.Single(r => r.Name == "api-5f7c9d8b6").Replicas);
        var deployment = await cluster.RequireAsync(ResourceKinds.Deployment, "payments", "api");
        Assert.Equal(("2", "2", "2"), (deployment.Str("status", "readyReplicas"), deployment.Str("status", "updatedReplicas"), deployment.Str("status", "replicas")));
        Assert.Equal(deployment.Str("metadata", "generation"), deployment.Str("status", "observedGeneration"));
    }

    [Fact]
    public async Task RolloutRestart_Pods_EndpointsFollowThePodIps()
    {
        var cluster = DemoClusters.Load("healthy");

        await cluster.RolloutRestartAsync(ResourceKinds.Deployment, "payments", "api", DateTimeOffset.UtcNow, dryRun: false);

        var pods = await cluster.PodsAsync("payments");
        var endpoints = (await cluster.ListAsync<Endpoints>(ResourceKinds.Endpoints, "payments")).Single(e => e.Name == "api");
        Assert.Equal(pods.Select(p => p.PodIp).Order(), endpoints.Addresses.Select(a => a.Ip).Order());
        Assert.All(endpoints.Addresses, a => Assert.True(a.Ready));
        Assert.Equal("8080", (await cluster.RequireAsync(ResourceKinds.Endpoints, "payments", "api")).GetProperty("subsets")[0].GetProperty("ports")[0].Str("port"));
    }

    [Fact]
    public async Task RolloutRestart_NewPods_LogHealthyTrafficAndOldLogsGo()
    {
        var cluster = DemoClusters.Load("healthy");

        await cluster.RolloutRestartAsync(ResourceKinds.Deployment, "payments", "api", DateTimeOffset.UtcNow, dryRun: false);

        var pod = (await cluster.PodsAsync("payments"))[0];
        var log = await cluster.ReadLogAsync(new ContainerRef("payments", pod.Name, "istio-proxy"), 50, default);
        Assert.Contains(log.Lines, l => l.Contains("\"GET /health HTTP/1.1\" 200 - via_upstream", StringComparison.Ordinal) && l.Contains(pod.PodIp!, StringComparison.Ordinal));
        var old = await cluster.ReadLogAsync(new ContainerRef("payments", "api-5f7c9d8b6-x2x4k", "istio-proxy"), 50, default);
        Assert.Equal(ReadStatus.NotInstalled, old.Status);
    }

    [Fact]
    public async Task RolloutRestart_NamespaceWithoutInjection_StartsPodsWithoutSidecars()
    {
        var cluster = DemoClusters.Load("healthy");

        await cluster.RolloutRestartAsync(ResourceKinds.Deployment, "monitoring", "prometheus", DateTimeOffset.UtcNow, dryRun: false);

        var pod = Assert.Single(await cluster.PodsAsync("monitoring"));
        Assert.NotEqual("prometheus-7c9d8f6b5-t4k2s", pod.Name);
        Assert.False(pod.HasSidecar);
        Assert.Null(pod.Meta.Label("security.istio.io/tlsMode"));
    }

    [Fact]
    public async Task PatchAsync_OptOutRemovedFromTemplate_RollsPodsWithSidecars()
    {
        var cluster = DemoClusters.Load("sidecar-missing-opt-out");

        await cluster.PatchAsync(ResourceKinds.Deployment, "payments", "api", PatchType.Merge,
            """{"spec":{"template":{"metadata":{"labels":{"sidecar.istio.io/inject":null}}}}}""", dryRun: false);

        var pods = await cluster.PodsAsync("payments");
        Assert.Equal(2, pods.Length);
        Assert.All(pods, p => Assert.True(p.HasSidecar && p.Meta.Label("sidecar.istio.io/inject") is null, p.Name));
    }

    [Fact]
    public async Task Rollout_InjectorWithoutEndpointsAndFailPolicy_RecordsFailedCreateAndKeepsOldPods()
    {
        var cluster = DemoClusters.Load("healthy");
        await cluster.PatchAsync(ResourceKinds.Endpoints, "istio-system", "istiod", PatchType.Json, """[{"op":"remove","path":"/subsets"}]""", dryRun: false);
        await cluster.PatchAsync(ResourceKinds.EndpointSlice, "istio-system", "istiod-k7h2p", PatchType.Merge, """{"endpoints":null}""", dryRun: false);

        await cluster.RolloutRestartAsync(ResourceKinds.Deployment, "payments", "api", DateTimeOffset.UtcNow, dryRun: false);

        Assert.Equal(["api-5f7c9d8b6-q9w7z", "api-5f7c9d8b6-x2x4k"], (await cluster.PodsAsync("payments")).Select(p => p.Name).Order());
        var failed = Assert.Single(await cluster.ListAsync<KubeEvent>(ResourceKinds.Event, "payments"));
        Assert.Equal(("Warning", "FailedCreate", "ReplicaSet"), (failed.EventType, failed.Reason, failed.InvolvedKind));
        Assert.Equal("Error creating: Internal error occurred: failed calling webhook \"namespace.sidecar-injector.istio.io\": failed to call webhook: "
            + "Post \"https://istiod.istio-system.svc:443/inject?timeout=10s\": no endpoints available for service \"istiod\"", failed.Message);
        var deployment = await cluster.RequireAsync(ResourceKinds.Deployment, "payments", "api");
        Assert.Contains(deployment.GetProperty("status").GetProperty("conditions").EnumerateArray(), c => c.Str("type") == "ReplicaFailure" && c.Str("reason") == "FailedCreate");
    }

    [Fact]
    public async Task Rollout_InjectorWithEmptyCaBundleAndFailPolicy_RejectsWithUnknownAuthority()
    {
        var cluster = DemoClusters.Load("webhook-empty-cabundle");

        await cluster.RolloutRestartAsync(ResourceKinds.Deployment, "payments", "api", DateTimeOffset.UtcNow, dryRun: false);

        var failed = Assert.Single(await cluster.ListAsync<KubeEvent>(ResourceKinds.Event, "payments"));
        Assert.EndsWith("tls: failed to verify certificate: x509: certificate signed by unknown authority", failed.Message, StringComparison.Ordinal);
        Assert.All(await cluster.PodsAsync("payments"), p => Assert.StartsWith("api-5f7c9d8b6-", p.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollout_InjectorDownWithIgnorePolicy_StartsPodsWithoutSidecars()
    {
        var cluster = DemoClusters.Load("webhook-down-ignore");

        await cluster.RolloutRestartAsync(ResourceKinds.Deployment, "payments", "api", DateTimeOffset.UtcNow, dryRun: false);

        var pods = await cluster.PodsAsync("payments");
        Assert.Equal(2, pods.Length);
        Assert.All(pods, p => Assert.True(!p.HasSidecar && p.Ready && p.Name.StartsWith("api-", StringComparison.Ordinal) && p.Name != "api-5f7c9d8b6-x2x4k", p.Name));
        Assert.Empty(await cluster.ListAsync<KubeEvent>(ResourceKinds.Event, "payments"));
    }

    [Fact]
    public async Task CreateAsync_StatefulSetAndDaemonSet_StartTheirPods()
    {
        var cluster = DemoClusters.Load("healthy");
        static JsonObject Workload(string kind, int? replicas)
        {
            var spec = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = kind } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = kind } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "busybox" }) },
                },
            };
            if (replicas is { } count)
            {
                spec["replicas"] = count;
            }
            return new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = kind,
                ["metadata"] = new JsonObject { ["name"] = kind.ToLowerInvariant(), ["namespace"] = "orders" },
                ["spec"] = spec,
            };
        }

        await cluster.CreateAsync(ResourceKinds.StatefulSet, "orders", Workload("StatefulSet", 2), dryRun: false);
        await cluster.CreateAsync(ResourceKinds.DaemonSet, "orders", Workload("DaemonSet", null), dryRun: false);

        var pods = await cluster.PodsAsync("orders");
        Assert.Equal(["statefulset-0", "statefulset-1"], pods.Where(p => p.Meta.Label("app") == "StatefulSet").Select(p => p.Name).Order());
        Assert.Single(pods, p => p.Meta.Label("app") == "DaemonSet" && p.Name.StartsWith("daemonset-", StringComparison.Ordinal));
        Assert.All(pods, p => Assert.True(p.HasSidecar, p.Name));
        Assert.Equal("2", (await cluster.RequireAsync(ResourceKinds.StatefulSet, "orders", "statefulset")).Str("status", "readyReplicas"));
    }

    [Fact]
    public async Task PatchAsync_NamespaceLabelOnly_InjectsNoExistingPod()
    {
        var cluster = DemoClusters.Load("sidecar-missing-namespace");

        await cluster.PatchAsync(ResourceKinds.Namespace, null, "payments", PatchType.Merge, """{"metadata":{"labels":{"istio-injection":"enabled"}}}""", dryRun: false);

        Assert.All(await cluster.PodsAsync("payments"), p => Assert.False(p.HasSidecar));
        Assert.Empty(cluster.Activity);
    }
}
