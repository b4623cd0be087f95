using MeshBot.KubernetesEmulator.Tests.Support;

namespace MeshBot.KubernetesEmulator.Tests;

/// <summary>Legacy and aggregated discovery, /version, and what kubectl fetched to learn the resources.</summary>
public sealed class DiscoveryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Legacy_discovery_lists_versions_groups_and_resources_with_verbs_and_short_names()
    {
        using var http = fixture.Http();

        var (_, api) = await http.GetJsonAsync("/api");
        var (_, apis) = await http.GetJsonAsync("/apis");
        var (_, core) = await http.GetJsonAsync("/api/v1");
        var (_, security) = await http.GetJsonAsync("/apis/security.istio.io/v1beta1");

        Assert.Equal(("APIVersions", "[\"v1\"]"), (api.Str("kind"), api["versions"]!.ToJsonString()));
        var groups = apis["groups"]!.AsArray().Select(g => g.Str("name")).ToList();
        Assert.Equal(["apps", "discovery.k8s.io", "admissionregistration.k8s.io", "authorization.k8s.io", "authentication.k8s.io", "security.istio.io", "networking.istio.io", "helm.toolkit.fluxcd.io"], groups);
        var networking = apis["groups"]!.AsArray().Single(g => g.Str("name") == "networking.istio.io");
        Assert.Equal("networking.istio.io/v1", networking.Str("preferredVersion", "groupVersion"));
        var pods = core["resources"]!.AsArray().Single(r => r.Str("name") == "pods")!;
        Assert.Equal(("Pod", "true", "[\"po\"]"), (pods.Str("kind"), pods.Str("namespaced"), pods["shortNames"]!.ToJsonString()));
        Assert.Contains(core["resources"]!.AsArray(), r => r.Str("name") == "pods/log");
        var pa = security["resources"]!.AsArray().Single(r => r.Str("name") == "peerauthentications")!;
        Assert.Equal("[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\"]", pa["verbs"]!.ToJsonString());
    }

    [Fact]
    public async Task Aggregated_discovery_is_served_when_asked_for()
    {
        using var http = fixture.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");

        using var response = await http.SendAsync(request);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", response.Content.Headers.ContentType!.ToString().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("APIGroupDiscoveryList", body.Str("kind"));
        var apps = body["items"]!.AsArray().Single(i => i.Str("metadata", "name") == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => r.Str("resource") == "deployments")!;
        Assert.Equal(("Namespaced", "Deployment", "[\"deploy\"]"), (deployments.Str("scope"), deployments.Str("responseKind", "kind"), deployments["shortNames"]!.ToJsonString()));
    }

    [Fact]
    public async Task Version_reports_the_configured_release()
    {
        using var http = fixture.Http();

        var (_, version) = await http.GetJsonAsync("/version");

        Assert.Equal(("1", "32", "v1.32.4"), (version.Str("major"), version.Str("minor"), version.Str("gitVersion")));
    }

    [Fact]
    public async Task Kubectl_learns_resources_from_two_aggregated_discovery_requests_and_needs_no_openapi()
    {
        using var kubectl = new Kubectl(fixture.Emulator, EmulatorCredential.Token(EmulatorFixture.AdminToken));
        var before = fixture.Emulator.RequestLog.Count;

        (await kubectl.RunAsync("get", "pods", "-A")).EnsureSuccess();

        // /usr/bin/kubectl is Google Cloud SDK's dispatcher, which asks /version first to pick a matching kubectl release.
        var paths = fixture.Emulator.RequestLog.Skip(before).Where(r => r.User == "admin" && r.Path != "/version").Select(r => r.Path).ToList();
        Assert.Equal(["/api", "/apis", "/api/v1/pods"], paths);
    }
}
