using MeshBot.KubernetesEmulator.Tests.Support;

namespace MeshBot.KubernetesEmulator.Tests;

/// <summary>The real kubectl changing the cluster: label, rollout restart, patch, create and delete, with and without server dry run.</summary>
public sealed class KubectlWriteTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private KubernetesEmulator Emulator => fixture.Emulator;

    [Fact]
    public async Task Label_namespace_stores_the_label()
    {
        var result = (await fixture.Admin.RunAsync("label", "namespace", "payments", "team=core")).EnsureSuccess();

        Assert.Equal("namespace/payments labeled", result.Stdout.Trim());
        Assert.Equal("core", Emulator.Get("namespaces", null, "payments")!["metadata"]!["labels"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task Label_with_server_dry_run_leaves_the_store_unchanged()
    {
        var before = Emulator.Get("ns", null, "orders")!.ToJsonString();

        var result = (await fixture.Admin.RunAsync("label", "namespace", "orders", "env=prod", "--dry-run=server")).EnsureSuccess();

        Assert.Equal("namespace/orders labeled (server dry run)", result.Stdout.Trim());
        Assert.Equal(before, Emulator.Get("ns", null, "orders")!.ToJsonString());
        Assert.Contains(Emulator.RequestLog, r => r.Method == "PATCH" && r.Path == "/api/v1/namespaces/orders" && r.Query.Contains("dryRun=All", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollout_restart_stamps_the_pod_template_and_bumps_the_generation()
    {
        var generation = Emulator.Get("deployments", "orders", "checkout")!["metadata"]!["generation"]!.GetValue<long>();

        var result = (await fixture.Admin.RunAsync("rollout", "restart", "deployment", "checkout", "-n", "orders")).EnsureSuccess();

        Assert.Equal("deployment.apps/checkout restarted", result.Stdout.Trim());
        var deployment = Emulator.Get(MeshBot.Cluster.ResourceKinds.Deployment, "orders", "checkout")!;
        var restartedAt = deployment["spec"]!["template"]!["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]!.GetValue<string>();
        Assert.True(DateTimeOffset.TryParse(restartedAt, out _), restartedAt);
        Assert.Equal(generation + 1, deployment["metadata"]!["generation"]!.GetValue<long>());
        Assert.Contains(Emulator.RequestLog, r => r.Method == "PATCH" && r.Path == "/apis/apps/v1/namespaces/orders/deployments/checkout");
    }

    [Fact]
    public async Task Rollout_restart_of_the_api_deployment_keeps_its_containers()
    {
        (await fixture.Admin.RunAsync("rollout", "restart", "deployment", "api", "-n", "payments")).EnsureSuccess();

        var template = Emulator.Get("deployment", "payments", "api")!["spec"]!["template"]!;
        Assert.NotNull(template["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]);
        Assert.Equal("api", template["spec"]!["containers"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Merge_patch_of_a_custom_resource_is_stored_and_strategic_patch_is_refused()
    {
        var merge = (await fixture.Admin.RunAsync("patch", "peerauthentication", "default", "-n", "istio-system", "--type=merge", "-p", """{"spec":{"mtls":{"mode":"PERMISSIVE"}}}""")).EnsureSuccess();
        var strategic = await fixture.Admin.RunAsync("patch", "peerauthentication", "default", "-n", "istio-system", "-p", """{"spec":{"mtls":{"mode":"STRICT"}}}""");

        Assert.Equal("peerauthentication.security.istio.io/default patched", merge.Stdout.Trim());
        Assert.Equal(1, strategic.ExitCode);
        // kubectl rewords the server's 415 for custom resources.
        Assert.Equal(
            "error: application/strategic-merge-patch+json is not supported by security.istio.io/v1, Kind=PeerAuthentication: "
            + "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            strategic.Stderr.Trim());
        Assert.Equal("PERMISSIVE", Emulator.Get("pa", "istio-system", "default")!["spec"]!["mtls"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_with_server_dry_run_keeps_the_object_and_a_real_delete_removes_it()
    {
        var dryRun = (await fixture.Admin.RunAsync("delete", "configmap", "istio-ca-root-cert", "-n", "monitoring", "--dry-run=server")).EnsureSuccess();
        Assert.Equal("configmap \"istio-ca-root-cert\" deleted (server dry run)", dryRun.Stdout.Trim());
        Assert.NotNull(Emulator.Get("configmaps", "monitoring", "istio-ca-root-cert"));

        var real = (await fixture.Admin.RunAsync("delete", "configmap", "istio-ca-root-cert", "-n", "monitoring")).EnsureSuccess();
        Assert.Equal("configmap \"istio-ca-root-cert\" deleted", real.Stdout.Trim());
        Assert.Null(Emulator.Get("configmaps", "monitoring", "istio-ca-root-cert"));
    }

    [Fact]
    public async Task Create_namespace_then_label_then_delete()
    {
        Assert.Equal("namespace/scratch created", (await fixture.Admin.RunAsync("create", "namespace", "scratch")).EnsureSuccess().Stdout.Trim());
        var again = await fixture.Admin.RunAsync("create", "namespace", "scratch");
        Assert.Equal("Error from server (AlreadyExists): namespaces \"scratch\" already exists", again.Stderr.Trim());

        (await fixture.Admin.RunAsync("label", "namespace", "scratch", "istio-injection=enabled")).EnsureSuccess();
        Assert.Equal("enabled", Emulator.Get("namespace", null, "scratch")!["metadata"]!["labels"]!["istio-injection"]!.GetValue<string>());

        Assert.Equal("namespace \"scratch\" deleted", (await fixture.Admin.RunAsync("delete", "namespace", "scratch")).EnsureSuccess().Stdout.Trim());
        Assert.Null(Emulator.Get("namespace", null, "scratch"));
    }

    [Fact]
    public async Task Apply_creates_then_configures_a_destination_rule_after_probing_openapi_v3()
    {
        var manifest = WriteManifest("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: api-tls
              namespace: payments
            spec:
              host: api.payments.svc.cluster.local
              trafficPolicy:
                tls:
                  mode: ISTIO_MUTUAL
            """);

        var created = (await fixture.Admin.RunAsync("apply", "-f", manifest)).EnsureSuccess();
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("ISTIO_MUTUAL", "DISABLE", StringComparison.Ordinal));
        var configured = (await fixture.Admin.RunAsync("apply", "-f", manifest)).EnsureSuccess();

        Assert.Equal("destinationrule.networking.istio.io/api-tls created", created.Stdout.Trim());
        Assert.Equal("destinationrule.networking.istio.io/api-tls configured", configured.Stdout.Trim());
        var rule = Emulator.Get("destinationrules", "payments", "api-tls")!;
        Assert.Equal("DISABLE", rule["spec"]!["trafficPolicy"]!["tls"]!["mode"]!.GetValue<string>());
        Assert.NotNull(rule["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Contains(Emulator.RequestLog, r => r.Path == "/openapi/v3/apis/networking.istio.io/v1");
    }

    [Fact]
    public async Task Server_side_apply_creates_and_updates()
    {
        var manifest = WriteManifest("""
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: api-ports
              namespace: payments
            spec:
              selector:
                matchLabels:
                  app: api
              mtls:
                mode: STRICT
            """);

        var created = (await fixture.Admin.RunAsync("apply", "--server-side", "-f", manifest)).EnsureSuccess();
        File.WriteAllText(manifest, File.ReadAllText(manifest) + "\n  portLevelMtls:\n    \"8080\":\n      mode: PERMISSIVE\n");
        var applied = (await fixture.Admin.RunAsync("apply", "--server-side", "-f", manifest)).EnsureSuccess();

        Assert.Equal("peerauthentication.security.istio.io/api-ports serverside-applied", created.Stdout.Trim());
        Assert.Equal("peerauthentication.security.istio.io/api-ports serverside-applied", applied.Stdout.Trim());
        Assert.Equal("PERMISSIVE", Emulator.Get("pa", "payments", "api-ports")!["spec"]!["portLevelMtls"]!["8080"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scale_changes_replicas_through_the_scale_subresource()
    {
        var result = (await fixture.Admin.RunAsync("scale", "deployment", "prometheus", "-n", "monitoring", "--replicas=3")).EnsureSuccess();

        Assert.Equal("deployment.apps/prometheus scaled", result.Stdout.Trim());
        Assert.Equal(3, Emulator.Get("deployments", "monitoring", "prometheus")!["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Replace_with_the_current_object_succeeds()
    {
        var current = (await fixture.Admin.RunAsync("get", "configmap", "istio-ca-root-cert", "-n", "payments", "-o", "json")).EnsureSuccess();
        var manifest = WriteManifest(current.Stdout.Replace("\"root-cert.pem\"", "\"extra\": \"1\", \"root-cert.pem\"", StringComparison.Ordinal));

        var result = (await fixture.Admin.RunAsync("replace", "-f", manifest)).EnsureSuccess();

        Assert.Equal("configmap/istio-ca-root-cert replaced", result.Stdout.Trim());
        Assert.Equal("1", Emulator.Get("cm", "payments", "istio-ca-root-cert")!["data"]!["extra"]!.GetValue<string>());
    }

    private static string WriteManifest(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("manifest-").FullName, "manifest.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
