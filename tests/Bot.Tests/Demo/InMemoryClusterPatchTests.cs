using System.Net;
using System.Text.Json.Nodes;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Tests.Demo;

/// <summary>Patches (merge, strategic merge, JSON) with the API server's semantics and errors, on the demo's healthy cluster.</summary>
public sealed class InMemoryClusterPatchTests
{
    private readonly InMemoryCluster _cluster = DemoClusters.Load("healthy");

    [Fact]
    public async Task PatchAsync_MissingObject_Throws404NotFound()
    {
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            _cluster.PatchAsync(ResourceKinds.Deployment, "payments", "nope", PatchType.Merge, "{}", dryRun: false));

        Assert.Equal("404 NotFound: deployments.apps \"nope\" not found", e.Message);
    }

    [Fact]
    public async Task PatchAsync_MergePatch_MergesMapsAndNullDeletes()
    {
        var version = await _cluster.VersionAsync(ResourceKinds.Namespace, null, "payments");

        var patched = await _cluster.PatchAsync(ResourceKinds.Namespace, null, "payments", PatchType.Merge,
            """{"metadata":{"labels":{"team":"payments","istio-injection":null}}}""", dryRun: false);

        Assert.Equal("payments", patched.Str("metadata", "labels", "team"));
        Assert.Null(patched.Str("metadata", "labels", "istio-injection"));
        Assert.Equal("payments", patched.Str("metadata", "labels", "kubernetes.io/metadata.name"));
        Assert.NotEqual(version, patched.Str("metadata", "resourceVersion"));
        Assert.True(Assert.Single(_cluster.Writes) is { Verb: "patch", Patch: PatchType.Merge, Changed: true });
    }

    [Fact]
    public async Task PatchAsync_MergePatchOfAList_ReplacesTheList()
    {
        var patched = await _cluster.PatchAsync(ResourceKinds.Service, "payments", "api", PatchType.Merge,
            """{"spec":{"ports":[{"name":"grpc","port":9000,"targetPort":9000}]}}""", dryRun: true);

        Assert.Equal("grpc", Assert.Single(patched.GetProperty("spec").GetProperty("ports").EnumerateArray()).Str("name"));
    }

    [Fact]
    public async Task PatchAsync_StrategicMerge_MergesListsByTheirKeys()
    {
        var service = await _cluster.PatchAsync(ResourceKinds.Service, "payments", "api", PatchType.StrategicMerge,
            """{"spec":{"ports":[{"name":"grpc","port":9000,"targetPort":9000}]}}""", dryRun: true);
        var deployment = await _cluster.PatchAsync(ResourceKinds.Deployment, "payments", "api", PatchType.StrategicMerge,
            """{"spec":{"template":{"spec":{"containers":[{"name":"api","image":"registry.example.com/payments/api:2.5.0"}]}}}}""", dryRun: true);

        Assert.Equal(["http", "grpc"], service.GetProperty("spec").GetProperty("ports").EnumerateArray().Select(p => p.Str("name")));
        var container = Assert.Single(deployment.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers").EnumerateArray());
        Assert.Equal("registry.example.com/payments/api:2.5.0", container.Str("image"));
        Assert.Equal("http", container.GetProperty("ports")[0].Str("name")); // kept: only the image was patched
    }

    [Fact]
    public async Task PatchAsync_StrategicMergeOnCustomResource_Throws415()
    {
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => _cluster.PatchAsync(ResourceKinds.PeerAuthentication, "istio-system", "default",
            PatchType.StrategicMerge, """{"spec":{"mtls":{"mode":"PERMISSIVE"}}}""", dryRun: false));

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType"), (e.Status, e.Reason));
        Assert.StartsWith("415 UnsupportedMediaType: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchAsync_JsonPatch_AppliesOperationsWithEscapedPointers()
    {
        var patch = """
            [
              {"op":"test","path":"/metadata/labels/istio-injection","value":"enabled"},
              {"op":"replace","path":"/metadata/labels/istio-injection","value":"disabled"},
              {"op":"add","path":"/metadata/annotations","value":{}},
              {"op":"add","path":"/metadata/annotations/example.com~1owner","value":"team-a"},
              {"op":"add","path":"/metadata/labels/a~0b","value":"tilde"},
              {"op":"remove","path":"/spec/finalizers/0"}
            ]
            """;

        var patched = await _cluster.PatchAsync(ResourceKinds.Namespace, null, "payments", PatchType.Json, patch, dryRun: false);

        Assert.Equal("disabled", patched.Str("metadata", "labels", "istio-injection"));
        Assert.Equal("team-a", patched.Str("metadata", "annotations", "example.com/owner"));
        Assert.Equal("tilde", patched.Str("metadata", "labels", "a~b"));
        Assert.Equal(0, patched.GetProperty("spec").GetProperty("finalizers").GetArrayLength());
    }

    [Fact]
    public async Task PatchAsync_JsonPatchFailingTest_Throws422AndChangesNothing()
    {
        var version = await _cluster.VersionAsync(ResourceKinds.Namespace, null, "payments");
        var patch = """[{"op":"replace","path":"/metadata/labels/istio-injection","value":"disabled"},{"op":"test","path":"/metadata/name","value":"orders"}]""";

        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => _cluster.PatchAsync(ResourceKinds.Namespace, null, "payments", PatchType.Json, patch, dryRun: false));
        var missing = await Assert.ThrowsAsync<KubernetesApiException>(() => _cluster.PatchAsync(ResourceKinds.Namespace, null, "payments", PatchType.Json,
            """[{"op":"remove","path":"/metadata/labels/nope"}]""", dryRun: false));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Status);
        Assert.Contains("testing value /metadata/name failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("doc is missing path: \"/metadata/labels/nope\"", missing.Message, StringComparison.Ordinal);
        Assert.Equal(version, await _cluster.VersionAsync(ResourceKinds.Namespace, null, "payments"));
        Assert.Equal("enabled", (await _cluster.RequireAsync(ResourceKinds.Namespace, null, "payments")).Str("metadata", "labels", "istio-injection"));
    }

    [Fact]
    public async Task PatchAsync_DryRun_ReturnsTheResultAndLeavesStateAndPodsUnchanged()
    {
        var version = await _cluster.VersionAsync(ResourceKinds.Deployment, "payments", "api");
        var pods = (await _cluster.PodsAsync("payments")).Select(p => p.Name).ToArray();

        var result = await _cluster.RolloutRestartAsync(ResourceKinds.Deployment, "payments", "api", DateTimeOffset.UtcNow, dryRun: true);

        Assert.NotNull(result.Str("spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"));
        Assert.Equal(version, await _cluster.VersionAsync(ResourceKinds.Deployment, "payments", "api"));
        Assert.Null((await _cluster.RequireAsync(ResourceKinds.Deployment, "payments", "api")).Str("spec", "template", "metadata", "annotations"));
        Assert.Equal(pods, (await _cluster.PodsAsync("payments")).Select(p => p.Name));
        Assert.True(Assert.Single(_cluster.Writes) is { DryRun: true, Changed: false });
        Assert.Empty(_cluster.Activity);
    }

    [Fact]
    public async Task PatchAsync_ChangingNothing_KeepsResourceVersionAndRunsNoController()
    {
        var at = DateTimeOffset.UtcNow;
        await _cluster.RolloutRestartAsync(ResourceKinds.Deployment, "payments", "api", at, dryRun: false);
        var version = await _cluster.VersionAsync(ResourceKinds.Deployment, "payments", "api");
        var pods = (await _cluster.PodsAsync("payments")).Select(p => p.Name).ToArray();
        var activity = _cluster.Activity.Count;

        await _cluster.RolloutRestartAsync(ResourceKinds.Deployment, "payments", "api", at, dryRun: false);
        var label = await _cluster.PatchAsync(ResourceKinds.Namespace, null, "payments", PatchType.Merge, """{"metadata":{"labels":{"istio-injection":"enabled"}}}""", dryRun: false);

        Assert.Equal(version, await _cluster.VersionAsync(ResourceKinds.Deployment, "payments", "api"));
        Assert.Equal(pods, (await _cluster.PodsAsync("payments")).Select(p => p.Name));
        Assert.Equal(activity, _cluster.Activity.Count);
        Assert.All(_cluster.Writes.Skip(1), w => Assert.False(w.Changed));
        Assert.Equal("794502", label.Str("metadata", "resourceVersion")); // the scenario's own version, untouched
    }

    [Fact]
    public async Task PatchAsync_SpecChange_BumpsGenerationButMetadataChangeDoesNot()
    {
        var labelled = await _cluster.PatchAsync(ResourceKinds.PeerAuthentication, "istio-system", "default", PatchType.Merge, """{"metadata":{"labels":{"a":"b"}}}""", dryRun: false);
        var specced = await _cluster.PatchAsync(ResourceKinds.PeerAuthentication, "istio-system", "default", PatchType.Merge, """{"spec":{"mtls":{"mode":"PERMISSIVE"}}}""", dryRun: false);

        var generation = int.Parse(labelled.Str("metadata", "generation") ?? "0");
        Assert.Equal(generation + 1, int.Parse(specced.Str("metadata", "generation")!));
        Assert.True(long.Parse(specced.Str("metadata", "resourceVersion")!) > long.Parse(labelled.Str("metadata", "resourceVersion")!));
    }

    [Fact]
    public async Task PatchAsync_StaleResourceVersion_Throws409Conflict()
    {
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => _cluster.PatchAsync(ResourceKinds.Namespace, null, "payments", PatchType.Merge,
            """{"metadata":{"resourceVersion":"1","labels":{"a":"b"}}}""", dryRun: false));

        Assert.Equal((HttpStatusCode.Conflict, "Conflict"), (e.Status, e.Reason));
        Assert.Contains("the object has been modified", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchAsync_ConcurrentWriters_AllApplyWithDistinctVersions()
    {
        var versions = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
            _cluster.PatchAsync(ResourceKinds.Namespace, null, "orders", PatchType.Merge, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [$"writer-{i}"] = "yes" } } }.ToJsonString(), dryRun: false))));

        var labels = (await _cluster.RequireAsync(ResourceKinds.Namespace, null, "orders")).GetProperty("metadata").GetProperty("labels");
        Assert.All(Enumerable.Range(0, 32), i => Assert.Equal("yes", labels.Str($"writer-{i}")));
        Assert.Equal(32, versions.Select(v => v.Str("metadata", "resourceVersion")).Distinct().Count());
    }
}
