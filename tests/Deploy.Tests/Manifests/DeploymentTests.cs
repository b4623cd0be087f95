using System.Text.Json.Nodes;
using MeshBot.Deploy.Tests.Support;

namespace MeshBot.Deploy.Tests.Manifests;

/// <summary>What every rendered overlay runs: the hardened pod, its probes, its volumes, its Service and its secrets (by reference only).</summary>
public sealed class DeploymentTests
{
    public static TheoryData<string> Buildable => new(Kustomize.Buildable);

    /// <summary>Which Secret each overlay's pod references, and under which environment variables (MeshBot:Section:Key).</summary>
    public static TheoryData<string, string[]> SecretEnvironment => new()
    {
        { "base", [] },
        { "overlays/diagnose-only", [] },
        { "overlays/slack", ["MeshBot__Slack__SigningSecret=meshbot-slack/signing-secret", "MeshBot__Slack__BotToken=meshbot-slack/bot-token", "MeshBot__Slack__AppToken=meshbot-slack/app-token"] },
        { "overlays/teams", ["MeshBot__Teams__AppId=meshbot-teams/app-id", "MeshBot__Teams__AppPassword=meshbot-teams/app-password", "MeshBot__Teams__TenantId=meshbot-teams/tenant-id"] },
        { "overlays/alertmanager", ["MeshBot__Alertmanager__BearerToken=meshbot-alertmanager/bearer-token"] },
        {
            "overlays/slack-alertmanager",
            ["MeshBot__Slack__SigningSecret=meshbot-slack/signing-secret", "MeshBot__Slack__BotToken=meshbot-slack/bot-token", "MeshBot__Slack__AppToken=meshbot-slack/app-token", "MeshBot__Alertmanager__BearerToken=meshbot-alertmanager/bearer-token"]
        },
    };

    [Fact]
    public void SecretEnvironment_CoversEveryOverlay() =>
        Assert.Equal(Kustomize.Buildable.Order(), SecretEnvironment.Select(row => (string)row[0]).Order());

    [Theory]
    [MemberData(nameof(Buildable))]
    public async Task Pod_IsNonRoot_ReadOnly_WithoutPrivileges_AndSeccompConfined(string overlay)
    {
        var rendered = await Kustomize.RenderAsync(overlay);
        var pod = rendered.Deployment.At("spec", "template", "spec")!;
        var container = rendered.Container;

        Assert.True(pod.Bool("securityContext", "runAsNonRoot"));
        Assert.NotEqual(0, pod.Long("securityContext", "runAsUser") ?? 0);
        Assert.Equal("RuntimeDefault", pod.Str("securityContext", "seccompProfile", "type"));
        Assert.True(container.Bool("securityContext", "runAsNonRoot"));
        Assert.True(container.Bool("securityContext", "readOnlyRootFilesystem"));
        Assert.False(container.Bool("securityContext", "allowPrivilegeEscalation"));
        Assert.False(container.Bool("securityContext", "privileged") ?? false);
        Assert.Equal(["ALL"], container.Strings("securityContext", "capabilities", "drop"));
        Assert.Empty(container.Strings("securityContext", "capabilities", "add"));
        Assert.Equal("RuntimeDefault", container.Str("securityContext", "seccompProfile", "type"));
        Assert.Null(pod.At("hostNetwork"));
        Assert.Null(pod.At("hostPID"));
        Assert.Single(pod.Items("containers"));
    }

    [Theory]
    [MemberData(nameof(Buildable))]
    public async Task Container_ServesOnPort8080_WithProbesAndResources(string overlay)
    {
        var rendered = await Kustomize.RenderAsync(overlay);
        var container = rendered.Container;

        Assert.Equal(["serve", "--urls", "http://0.0.0.0:8080"], container.Strings("args"));
        Assert.Null(container.At("command")); // the image's entrypoint is meshbot
        var port = Assert.Single(container.Items("ports"));
        Assert.Equal(("http", 8080L), (port.Str("name"), port.Long("containerPort")));
        Assert.Equal(("/readyz", "http"), (container.Str("readinessProbe", "httpGet", "path"), container.Str("readinessProbe", "httpGet", "port")));
        Assert.Equal(("/healthz", "http"), (container.Str("livenessProbe", "httpGet", "path"), container.Str("livenessProbe", "httpGet", "port")));
        Assert.Equal("/healthz", container.Str("startupProbe", "httpGet", "path"));
        // /readyz gives each of its two checks 5 s; the probe must wait for the answer.
        Assert.True(container.Long("readinessProbe", "timeoutSeconds") > 5);
        foreach (var resource in new[] { "cpu", "memory" })
        {
            Assert.NotNull(container.Str("resources", "requests", resource));
            Assert.NotNull(container.Str("resources", "limits", resource));
        }
        Assert.StartsWith("registry.example.com/platform/meshbot:", container.Str("image"));
        // ServeHost shuts down within 30 s; the kubelet must give it that long after SIGTERM.
        Assert.True(rendered.Deployment.Long("spec", "template", "spec", "terminationGracePeriodSeconds") > 30);
        // One writer on the SQLite store: one replica, never two at once.
        Assert.Equal(1, rendered.Deployment.Long("spec", "replicas"));
        Assert.Equal("Recreate", rendered.Deployment.Str("spec", "strategy", "type"));
    }

    [Theory]
    [MemberData(nameof(Buildable))]
    public async Task WritablePaths_AreEmptyDirs_ForTmpAndTheStore_AndTheConfigIsMounted(string overlay)
    {
        var rendered = await Kustomize.RenderAsync(overlay);
        var pod = rendered.Deployment.At("spec", "template", "spec")!;
        var mounts = rendered.Container.Items("volumeMounts").ToDictionary(m => m.Str("mountPath")!, m => m);
        var volumes = pod.Items("volumes").ToDictionary(v => v.Str("name")!, v => v);
        var settings = System.Text.Json.Nodes.JsonNode.Parse(rendered.ConfigMap("meshbot-config").Str("data", "appsettings.json")!)!;
        var store = settings.Str("MeshBot", "Store", "ConnectionString")!;
        var database = store.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0].Trim() == "Data Source")[1].Trim();

        Assert.NotNull(volumes[mounts["/tmp"].Str("name")!].At("emptyDir"));
        var data = mounts.Single(m => database.StartsWith(m.Key + "/", StringComparison.Ordinal));
        Assert.NotNull(volumes[data.Value.Str("name")!].At("emptyDir"));
        Assert.NotEqual(true, data.Value.Bool("readOnly"));
        var config = mounts["/app/appsettings.json"];
        Assert.Equal(("appsettings.json", true), (config.Str("subPath"), config.Bool("readOnly")));
        Assert.Equal(rendered.ConfigMap("meshbot-config").Name(), volumes[config.Str("name")!].Str("configMap", "name"));
        Assert.Equal(rendered.ConfigMap("meshbot-env").Name(), rendered.Container.Items("envFrom").Single().Str("configMapRef", "name"));
        // Every volume is one of these three: nothing from the host.
        Assert.All(volumes.Values, v => Assert.True(v.At("emptyDir") is not null || v.At("configMap") is not null, v.ToJsonString()));
    }

    [Theory]
    [MemberData(nameof(Buildable))]
    public async Task Namespace_IsOutsideTheMesh_AndEnforcesTheRestrictedPodSecurityStandard(string overlay)
    {
        var ns = (await Kustomize.RenderAsync(overlay)).Single("Namespace", "meshbot");

        Assert.Equal("disabled", ns.Str("metadata", "labels", "istio-injection"));
        Assert.Null(ns.Str("metadata", "labels", "istio.io/rev"));
        Assert.Equal("restricted", ns.Str("metadata", "labels", "pod-security.kubernetes.io/enforce"));
    }

    [Theory]
    [MemberData(nameof(Buildable))]
    public async Task Service_SelectsThePod_WithHttpAndMetricsPorts(string overlay)
    {
        var rendered = await Kustomize.RenderAsync(overlay);
        var service = rendered.Single("Service", "meshbot");
        var podLabels = rendered.Deployment.At("spec", "template", "metadata", "labels")!.AsObject();

        Assert.All(service.At("spec", "selector")!.AsObject(), s => Assert.Equal(s.Value!.GetValue<string>(), podLabels[s.Key]?.GetValue<string>()));
        var ports = service.Items("spec", "ports").ToDictionary(p => p.Str("name")!, p => p);
        Assert.Equal(8080, ports["http"].Long("port"));
        Assert.Equal("http", ports["http"].Str("targetPort"));
        Assert.Equal("http", ports["metrics"].Str("targetPort"));
    }

    [Theory]
    [MemberData(nameof(Buildable))]
    public async Task NoManifest_CarriesASecretValue(string overlay)
    {
        var rendered = await Kustomize.RenderAsync(overlay);

        // No Secret object with data (kubectl create secret is the only way secrets get in) ...
        Assert.DoesNotContain(rendered.OfKind("Secret"), s => s.At("data") is JsonObject { Count: > 0 } || s.At("stringData") is JsonObject { Count: > 0 });
        // ... no environment variable or ConfigMap entry that looks like a credential holds a literal value ...
        var literals = rendered.Container.Items("env").Where(e => e.At("value") is not null).Select(e => e.Str("name")!)
            .Concat(rendered.OfKind("ConfigMap").SelectMany(c => (c.At("data") as JsonObject ?? []).Select(d => d.Key)));
        Assert.DoesNotContain(literals, name => CredentialKeys.Any(k => name.EndsWith(k, StringComparison.OrdinalIgnoreCase)));
        // ... and the copy of appsettings.json leaves every credential empty.
        var settings = JsonNode.Parse(rendered.ConfigMap("meshbot-config").Str("data", "appsettings.json")!)!;
        foreach (var (section, key) in new[] { ("Slack", "SigningSecret"), ("Slack", "BotToken"), ("Slack", "AppToken"), ("Teams", "AppPassword"), ("Alertmanager", "BearerToken") })
        {
            Assert.Equal("", settings.Str("MeshBot", section, key));
        }
    }

    private static readonly string[] CredentialKeys = ["SigningSecret", "BotToken", "AppToken", "AppPassword", "BearerToken", "Password", "Token"];

    [Theory]
    [MemberData(nameof(SecretEnvironment))]
    public async Task Secrets_AreReferencedOptionally_UnderTheirConfigurationKeys(string overlay, string[] expected)
    {
        var env = (await Kustomize.RenderAsync(overlay)).Container.Items("env");

        var references = env.Where(e => e.At("valueFrom", "secretKeyRef") is not null).ToList();

        Assert.Equal(expected.Order(), references.Select(e => $"{e.Str("name")}={e.Str("valueFrom", "secretKeyRef", "name")}/{e.Str("valueFrom", "secretKeyRef", "key")}").Order());
        // optional: a missing Secret disables its adapter (one log line) instead of keeping the pod from starting.
        Assert.All(references, e => Assert.True(e.Bool("valueFrom", "secretKeyRef", "optional"), e.ToJsonString()));
    }

    [Theory]
    [MemberData(nameof(Buildable))]
    public async Task EveryMeshBotVariable_NamesAConfigurationKeyOfAppSettings(string overlay)
    {
        var rendered = await Kustomize.RenderAsync(overlay);
        var keys = AppSettingsTests.Keys(JsonNode.Parse(Repo.Read("appsettings.json"))!);
        var names = rendered.Container.Items("env").Select(e => e.Str("name")!)
            .Concat((rendered.ConfigMap("meshbot-env").At("data") as JsonObject ?? []).Select(d => d.Key))
            .Where(n => n.StartsWith("MeshBot__", StringComparison.Ordinal));

        Assert.All(names, name =>
        {
            var key = name.Replace("__", ":", StringComparison.Ordinal);
            // A key of appsettings.json, or an element of one of its arrays or maps (Approvers:0, LabelMap:Target).
            Assert.True(keys.Contains(key) || keys.Contains(key[..key.LastIndexOf(':')]), $"{name} is not a configuration key of appsettings.json");
        });
    }
}
