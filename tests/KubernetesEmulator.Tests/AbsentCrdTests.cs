using MeshBot.KubernetesEmulator.Tests.Support;

namespace MeshBot.KubernetesEmulator.Tests;

/// <summary>A cluster where networking.istio.io and Flux are not installed: their paths are 404 and discovery does not list them.</summary>
public sealed class AbsentCrdTests(PartialCrdsFixture fixture) : IClassFixture<PartialCrdsFixture>
{
    [Fact]
    public async Task The_path_of_an_absent_crd_is_not_found()
    {
        using var http = fixture.Http();

        var (status, body) = await http.GetJsonAsync("/apis/networking.istio.io/v1/destinationrules");
        var (groupStatus, _) = await http.GetJsonAsync("/apis/helm.toolkit.fluxcd.io/v2");
        var (installedStatus, _) = await http.GetJsonAsync("/apis/security.istio.io/v1/peerauthentications");

        Assert.Equal(404, status);
        Assert.Equal(("NotFound", "the server could not find the requested resource"), (body.Str("reason"), body.Str("message")));
        Assert.Equal(404, groupStatus);
        Assert.Equal(200, installedStatus);
    }

    [Fact]
    public async Task Discovery_omits_absent_groups_and_the_snapshots_objects_of_them_are_not_served()
    {
        using var http = fixture.Http();

        var (_, apis) = await http.GetJsonAsync("/apis");

        var groups = apis["groups"]!.AsArray().Select(g => g.Str("name")).ToList();
        Assert.Contains("security.istio.io", groups);
        Assert.DoesNotContain("networking.istio.io", groups);
        Assert.DoesNotContain("helm.toolkit.fluxcd.io", groups);
        Assert.Throws<ArgumentException>(() => fixture.Emulator.List("helmreleases"));
    }

    [Fact]
    public async Task Kubectl_reports_an_unknown_resource_type()
    {
        var result = await fixture.Admin.RunAsync("get", "destinationrules", "-A");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: the server doesn't have a resource type \"destinationrules\"", result.Stderr.Trim());
    }
}
