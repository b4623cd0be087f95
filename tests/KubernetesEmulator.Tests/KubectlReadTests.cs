using MeshBot.KubernetesEmulator.Tests.Support;

namespace MeshBot.KubernetesEmulator.Tests;

/// <summary>The real kubectl reading the healthy fixture: discovery, server-side tables, selectors, logs and auth commands.</summary>
public sealed class KubectlReadTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Get_pods_in_all_namespaces_prints_every_fixture_pod_with_its_namespace()
    {
        var result = (await fixture.Admin.RunAsync("get", "pods", "-A")).EnsureSuccess();

        Assert.Equal(
        [
            "NAMESPACE NAME READY STATUS RESTARTS AGE",
            "istio-system istiod-7d4b9c8f5-abcde 1/1 Running 0 40h",
            "kube-system coredns-668d6bf9bc-7xq2d 1/1 Running 0 14d",
            "monitoring prometheus-7c9d8f6b5-t4k2s 1/1 Running 0 6d3h",
            "orders checkout-6b8f7d9c4-m3n8p 2/2 Running 0 47h",
            "payments api-5f7c9d8b6-q9w7z 2/2 Running 0 2d",
            "payments api-5f7c9d8b6-x2x4k 2/2 Running 0 2d",
        ], result.Lines);
    }

    [Fact]
    public async Task Get_peerauthentication_shows_the_mesh_wide_policy_with_its_mode_column()
    {
        var result = (await fixture.Admin.RunAsync("get", "peerauthentication", "-A")).EnsureSuccess();

        Assert.Equal(["NAMESPACE NAME MODE AGE", "istio-system default STRICT 14d"], result.Lines);
    }

    [Fact]
    public async Task Label_selector_and_name_output_list_only_the_matching_pods()
    {
        var result = (await fixture.Admin.RunAsync("get", "pods", "-n", "payments", "-l", "app=api", "-o", "name")).EnsureSuccess();

        Assert.Equal(["pod/api-5f7c9d8b6-q9w7z", "pod/api-5f7c9d8b6-x2x4k"], result.Lines);
    }

    [Fact]
    public async Task Set_based_selectors_and_short_names_work_across_kinds()
    {
        var result = (await fixture.Admin.RunAsync("get", "deploy", "-A", "-l", "app in (api,istiod),app!=checkout", "-o", "name")).EnsureSuccess();

        Assert.Equal(["deployment.apps/istiod", "deployment.apps/api"], result.Lines);
    }

    [Fact]
    public async Task Logs_tail_prints_the_last_lines_of_the_chosen_container()
    {
        var result = (await fixture.Admin.RunAsync("logs", "api-5f7c9d8b6-x2x4k", "-c", "istio-proxy", "-n", "payments", "--tail=2")).EnsureSuccess();

        var expected = File.ReadAllLines(Path.Combine(fixture.SnapshotPath, "logs", "payments", "api-5f7c9d8b6-x2x4k", "istio-proxy.log"))[^2..];
        Assert.Equal(expected, result.Stdout.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_missing_object_is_reported_with_the_servers_not_found_message()
    {
        var result = await fixture.Admin.RunAsync("get", "pod", "nope", "-n", "payments");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (NotFound): pods \"nope\" not found", result.Stderr.Trim());
    }

    [Fact]
    public async Task Json_output_of_a_custom_resource_carries_its_group_version_and_kind()
    {
        var result = (await fixture.Admin.RunAsync("get", "pa", "default", "-n", "istio-system", "-o", "jsonpath={.apiVersion} {.kind} {.spec.mtls.mode}")).EnsureSuccess();

        Assert.Equal("security.istio.io/v1 PeerAuthentication STRICT", result.Stdout);
    }

    [Fact]
    public async Task Whoami_and_can_i_answer_for_a_client_certificate_user()
    {
        var certificate = fixture.Emulator.IssueClientCertificate("alice", "sre", "oncall");
        using var alice = new Kubectl(fixture.Emulator, certificate.Credential);

        var whoami = (await alice.RunAsync("auth", "whoami")).EnsureSuccess();
        var canGet = await alice.RunAsync("auth", "can-i", "get", "pods", "-n", "payments");

        Assert.Equal(["ATTRIBUTE VALUE", "Username alice", "Groups [sre oncall system:authenticated]"], whoami.Lines);
        Assert.Equal(0, canGet.ExitCode);
        Assert.Equal("yes", canGet.Stdout.Trim());
    }

    [Fact]
    public async Task A_client_certificate_authenticates_kubectl()
    {
        using var bob = new Kubectl(fixture.Emulator, fixture.Emulator.IssueClientCertificate("bob").Credential);

        var result = (await bob.RunAsync("get", "namespaces", "-o", "name")).EnsureSuccess();

        Assert.Contains("namespace/payments", result.Lines);
        Assert.Contains(fixture.Emulator.RequestLog, r => r.User == "bob" && r.Path == "/api/v1/namespaces");
    }
}
