using System.Text.RegularExpressions;
using MeshBot.Deploy.Tests.Support;

namespace MeshBot.Deploy.Tests.Manifests;

/// <summary>
/// Every kustomization under deploy/ renders with the real <c>kubectl kustomize</c> and is accepted by the API server
/// (the emulator) with <c>kubectl apply --dry-run=server</c>. As on a real server, a dry run cannot create the
/// namespace its other objects go into, so the <c>meshbot</c> Namespace is applied for real first (a one-step
/// <c>kubectl apply -k</c> creates it first anyway: kustomize emits the Namespace first). The dry run checks what the
/// server checks (kinds, scopes, names, namespaces, the request bodies); it does not validate the schemas of custom
/// resources, which <see cref="AlertmanagerTests"/> checks itself.
/// </summary>
public sealed partial class ApplyTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    public static TheoryData<string> Buildable => new(Kustomize.Buildable);

    [Fact]
    public void EveryOverlayDirectory_IsABuildableKustomization()
    {
        Assert.Contains("base", Kustomize.Buildable);
        Assert.Superset(new HashSet<string> { "overlays/alertmanager", "overlays/slack", "overlays/teams", "overlays/slack-alertmanager", "overlays/diagnose-only" }, Kustomize.Buildable.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Buildable))]
    public async Task Renders_AndServerSideDryRunAcceptsEveryObject(string directory)
    {
        var rendered = await Kustomize.RenderAsync(directory);
        var ns = rendered.Single("Namespace", "meshbot");
        (await cluster.ApplyAsync(Yaml(ns))).EnsureSuccess();

        var result = await cluster.ApplyAsync(rendered.Yaml, "--dry-run=server");

        Assert.True(result.ExitCode == 0, $"kubectl apply --dry-run=server deploy/{directory}:\n{result.Stderr}\n{result.Stdout}");
        var accepted = DryRunLine().Matches(result.Stdout).Select(m => (m.Groups["kind"].Value, m.Groups["name"].Value)).ToList();
        foreach (var obj in rendered.Objects)
        {
            Assert.Contains((obj.Kind().ToLowerInvariant(), obj.Name()), accepted.Select(a => (a.Item1.Split('.')[0], a.Item2)));
        }
        Assert.Equal(rendered.Objects.Count, accepted.Count);
        // A dry run stores nothing.
        Assert.Null(cluster.Emulator.Get("deployments.apps", "meshbot", "meshbot"));
        Assert.Null(cluster.Emulator.Get("serviceaccounts", "meshbot", "meshbot"));
    }

    [Fact]
    public async Task Base_AppliedForReal_IsServedBackAsRendered()
    {
        var rendered = await Kustomize.RenderAsync("overlays/slack-alertmanager");
        (await cluster.ApplyAsync(Yaml(rendered.Single("Namespace", "meshbot")))).EnsureSuccess();
        var plain = rendered.YamlOf(o => o.Kind() is "ServiceAccount" or "ConfigMap" or "Service" or "Deployment");

        (await cluster.ApplyAsync(plain)).EnsureSuccess();
        var again = (await cluster.ApplyAsync(plain)).EnsureSuccess();

        Assert.All(again.Lines, l => Assert.EndsWith("unchanged", l));
        var deployment = cluster.Emulator.Get("deployments.apps", "meshbot", "meshbot")!;
        Assert.Equal(rendered.Container.Str("image"), deployment.Items("spec", "template", "spec", "containers").Single().Str("image"));
        var deleted = await cluster.Kubectl.RunAsync("delete", "-n", "meshbot", "deployment/meshbot", "service/meshbot", "serviceaccount/meshbot");
        Assert.Equal(0, deleted.ExitCode);
        foreach (var configMap in rendered.OfKind("ConfigMap"))
        {
            await cluster.Kubectl.RunAsync("delete", "-n", "meshbot", "configmap", configMap.Name());
        }
    }

    private static string Yaml(System.Text.Json.Nodes.JsonObject obj) => obj.ToJsonString() + "\n";

    [GeneratedRegex(@"^(?<kind>[a-z0-9.]+)/(?<name>\S+) (created|configured|unchanged) \(server dry run\)$", RegexOptions.Multiline)]
    private static partial Regex DryRunLine();
}

/// <summary>Without the Prometheus Operator CRDs, only the alertmanager overlay's PrometheusRule and ServiceMonitor are refused.</summary>
public sealed class ApplyWithoutPrometheusOperatorTests(PlainClusterFixture plain) : IClassFixture<PlainClusterFixture>
{
    [Fact]
    public async Task AlertmanagerOverlay_NamesTheMissingCrds_AndTheBaseStillApplies()
    {
        var cluster = plain.Cluster;
        var overlay = await Kustomize.RenderAsync("overlays/alertmanager");
        (await cluster.ApplyAsync(overlay.Single("Namespace", "meshbot").ToJsonString())).EnsureSuccess();

        var result = await cluster.ApplyAsync(overlay.Yaml, "--dry-run=server");
        var baseResult = await cluster.ApplyAsync((await Kustomize.RenderAsync("base")).Yaml, "--dry-run=server");

        // Everything but the two monitoring.coreos.com objects is accepted; those two are refused (a real server says
        // "no matches for kind ... ensure CRDs are installed first"; the emulator fails kubectl's validation of them).
        Assert.NotEqual(0, result.ExitCode);
        foreach (var obj in overlay.Objects)
        {
            var line = $"{obj.Kind().ToLowerInvariant()}";
            var accepted = result.Stdout.Split('\n').Any(l => l.StartsWith(line, StringComparison.Ordinal) && l.Contains($"/{obj.Name()} ", StringComparison.Ordinal));
            Assert.True(accepted == (obj.Str("apiVersion") != "monitoring.coreos.com/v1"), $"{obj.Ref()}: {result.Stderr}");
        }
        Assert.True(baseResult.ExitCode == 0, baseResult.Stderr);
    }
}
