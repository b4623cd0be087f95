using System.Diagnostics;
using System.Text;
using MeshBot.Cluster;
using MeshBot.Cluster.Kubernetes;
using MeshBot.Cluster.Kubernetes.Config;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.KubernetesEmulator;
using MeshBot.Testing;
using Emulator = MeshBot.KubernetesEmulator.KubernetesEmulator;

namespace MeshBot.Cluster.Tests.Kubernetes;

/// <summary>The live client against the Kubernetes API emulator over real TLS: every auth mode, paging, CRDs, 403s and faults.</summary>
public sealed class LiveClusterTests : IAsyncLifetime
{
    private const string Token = "sa-token";
    private static readonly DiagnosisRequest Request = new(new TargetSpec("payments", "api"), new TargetSpec("orders", "checkout"), 80);
    private readonly FixtureSnapshot _snapshot = FixtureSnapshot.Materialize("healthy");
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Start();

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _snapshot.Dispose();
    }

    private Task<Emulator> Start(IReadOnlyList<string>? crds = null) => Emulator.StartAsync(new EmulatorOptions
    {
        SnapshotPath = _snapshot.Path,
        Tokens = new Dictionary<string, EmulatorUser> { [Token] = new("system:serviceaccount:meshbot:meshbot", "system:serviceaccounts") },
        InstalledCustomResourceGroups = crds ?? EmulatorOptions.AllCustomResourceGroups,
    });

    private static Task<DiagnosisReport> DiagnoseAsync(IClusterSource source) =>
        new Diagnoser(new MeshOptions(), TimeProvider.System).DiagnoseAsync(source, Request);

    /// <summary>Diagnoses with <paramref name="verb"/> on <paramref name="resource"/> denied; returns the report and <paramref name="branch"/>'s step.</summary>
    private async Task<(DiagnosisReport Report, Step Step)> DiagnoseDeniedAsync(string verb, string resource, Branch branch)
    {
        _emulator.Access.Deny(verb, resource);
        using var live = new EmulatorConnection(_emulator, EmulatorCredential.Token(Token));
        var report = await DiagnoseAsync(live.Source);
        return (report, report.Steps.Single(s => s.Branch == branch));
    }

    [Fact]
    public async Task BearerToken_Kubeconfig_DiagnosesLikeTheSnapshot()
    {
        using var live = new EmulatorConnection(_emulator, EmulatorCredential.Token(Token));

        var report = await DiagnoseAsync(live.Source);

        Assert.Equal("healthy", report.Verdict.Branch);
        Assert.All(_emulator.RequestLog, r => Assert.Equal("system:serviceaccount:meshbot:meshbot", r.User));
    }

    [Fact]
    public async Task ClientCertificate_Kubeconfig_Authenticates()
    {
        using var live = new EmulatorConnection(_emulator, _emulator.IssueClientCertificate("sre-alice", "sre").Credential);

        var report = await DiagnoseAsync(live.Source);

        Assert.Equal("healthy", report.Verdict.Branch);
        Assert.Contains(_emulator.RequestLog, r => r.User == "sre-alice");
    }

    [Fact]
    public async Task ExecPlugin_TokenRejected_RunsThePluginAgainAndSucceeds()
    {
        // The plugin first returns an expired token the server rejects (401), then a fresh one.
        var dir = Directory.CreateTempSubdirectory("meshbot-exec-");
        var counter = Path.Combine(dir.FullName, "runs");
        var plugin = Path.Combine(dir.FullName, "get-token");
        File.WriteAllText(plugin, $$$"""
            #!/bin/sh
            echo run >> {{{counter}}}
            if [ "$(wc -l < {{{counter}}})" -eq 1 ]; then token=expired; else token={{{Token}}}; fi
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$token"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        using var live = new EmulatorConnection(_emulator, EmulatorCredential.None, kubeconfigText: Kubeconfig($"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {plugin}
                  interactiveMode: Never
            """));

        var report = await DiagnoseAsync(live.Source);

        Assert.Equal("healthy", report.Verdict.Branch);
        Assert.Equal(2, File.ReadAllLines(counter).Length);
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task InCluster_ServiceAccountLayout_Authenticates()
    {
        var dir = Directory.CreateTempSubdirectory("meshbot-sa-");
        File.WriteAllText(Path.Combine(dir.FullName, "token"), Token + "\n");
        File.WriteAllText(Path.Combine(dir.FullName, "ca.crt"), _emulator.CaCertificatePem);
        File.WriteAllText(Path.Combine(dir.FullName, "namespace"), "meshbot");
        var env = new Dictionary<string, string?> { ["KUBERNETES_SERVICE_HOST"] = _emulator.Url.Host, ["KUBERNETES_SERVICE_PORT"] = _emulator.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        using var transport = new KubernetesTransport(InClusterConfig.Load(env, dir.FullName), EmulatorConnection.Fast);
        var report = await DiagnoseAsync(new KubernetesApiSource(new KubernetesReader(transport), "istio-system"));

        Assert.Equal("healthy", report.Verdict.Branch);
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task WrongCertificateAuthority_IsRejected()
    {
        using var elsewhere = FixtureSnapshot.Materialize("healthy");
        var other = elsewhere.Certificates["root"].CertificatePem;
        using var live = new EmulatorConnection(_emulator, EmulatorCredential.None, EmulatorConnection.Fast with { MaxRetries = 0 },
            Kubeconfig($"    token: {Token}\n", other));

        var error = await Assert.ThrowsAsync<KubernetesUnreachableException>(() => live.Reader.ListAsync(ResourceKinds.Namespace, new ListOptions()));

        Assert.Contains("cannot reach the Kubernetes API", error.Message);
    }

    [Fact]
    public async Task WrongToken_IsNotRetriedAndSaysUnauthorized()
    {
        using var live = new EmulatorConnection(_emulator, EmulatorCredential.Token("stolen"));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => live.Reader.ListAsync(ResourceKinds.Namespace, new ListOptions()));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.Status);
        Assert.StartsWith("401 Unauthorized", error.Message);
        Assert.True(_emulator.RequestLog.Count(r => r.Status == 401) <= 2, "a rejected credential is re-fetched once, never retried in a loop");
    }

    [Fact]
    public async Task Paging_SmallPages_FollowsContinueToTheEnd()
    {
        using var live = new EmulatorConnection(_emulator, EmulatorCredential.Token(Token), EmulatorConnection.Fast with { PageSize = 2 });

        var pods = await live.Reader.ListAsync(ResourceKinds.Pod, new ListOptions());

        Assert.Equal(_emulator.List("pods").Count, pods!.Count);
        Assert.True(_emulator.RequestLog.Count(r => r.Resource == "pods" && r.Verb == "list") >= 3);
        Assert.Contains(_emulator.RequestLog, r => r.Query.Contains("continue=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneListPerKind_PerDiagnosis_NotOneRequestPerPod()
    {
        using var live = new EmulatorConnection(_emulator, EmulatorCredential.Token(Token));

        await DiagnoseAsync(live.Source);

        Assert.Equal(1, _emulator.RequestLog.Count(r => r.Resource == "pods" && r.Verb == "list"));
        Assert.DoesNotContain(_emulator.RequestLog, r => r.Resource == "pods" && r.Verb == "get");
        Assert.DoesNotContain(_emulator.RequestLog, r => r.Resource == "secrets" && r.Verb == "list");
    }

    [Fact]
    public async Task CustomResourcesAbsent_AreNotInstalledNotErrors()
    {
        await using var bare = await Start(crds: []);
        using var live = new EmulatorConnection(bare, EmulatorCredential.Token(Token));

        var peerAuthentications = await live.Source.ListAsync(ResourceKinds.PeerAuthentication, CancellationToken.None);
        var report = await DiagnoseAsync(live.Source);

        Assert.Equal(ReadStatus.NotInstalled, peerAuthentications.Status);
        Assert.Contains(report.Verdict.Branch, new[] { "healthy", "inconclusive" });
    }

    [Fact]
    public async Task SecretsForbidden_CaBranchInconclusiveAndTheDiagnosisContinues()
    {
        var (report, ca) = await DiagnoseDeniedAsync("get", "secrets", Branch.CaRotation);

        Assert.Equal(StepResult.Inconclusive, ca.Result);
        Assert.Contains("forbidden", ca.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secrets", ca.Summary);
        Assert.Equal(StepResult.RuledOut, report.Steps.Single(s => s.Branch == Branch.SidecarMissing).Result);
    }

    [Fact]
    public async Task WebhooksForbidden_InjectionBranchInconclusiveAndNoIstiodRestart()
    {
        var (report, webhook) = await DiagnoseDeniedAsync("list", "mutatingwebhookconfigurations", Branch.InjectionWebhook);

        Assert.Equal(StepResult.Inconclusive, webhook.Result);
        var evidence = Assert.Single(webhook.Evidence, e => e.Command == "kubectl get mutatingwebhookconfigurations -o yaml");
        Assert.Contains("forbidden", evidence.Observed, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("inconclusive", report.Verdict.Branch);
        Assert.DoesNotContain(report.Needs, n => n is RestartIstiod);
    }

    [Fact]
    public async Task Throttled_429WithRetryAfter_IsRetriedAfterTheDelay()
    {
        _emulator.Faults.TooManyRequests(2, retryAfterSeconds: 1, when: r => r.Resource == "namespaces");
        using var live = new EmulatorConnection(_emulator, EmulatorCredential.Token(Token));
        var clock = Stopwatch.StartNew();

        var namespaces = await live.Reader.ListAsync(ResourceKinds.Namespace, new ListOptions());

        Assert.NotEmpty(namespaces!);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.8), $"Retry-After honoured ({clock.Elapsed})");
        Assert.Equal(3, _emulator.RequestLog.Count(r => r.Resource == "namespaces"));
    }

    [Fact]
    public async Task ServerErrorsAndDroppedConnections_AreRetried()
    {
        _emulator.Faults.InternalError(2, when: r => r.Resource == "services");
        _emulator.Faults.DropConnections(1, when: r => r.Resource == "pods");
        using var live = new EmulatorConnection(_emulator, EmulatorCredential.Token(Token));

        var report = await DiagnoseAsync(live.Source);

        Assert.Equal("healthy", report.Verdict.Branch);
        Assert.Equal(3, _emulator.RequestLog.Count(r => r.Resource == "services" && r.Verb == "list"));
    }

    [Fact]
    public async Task DeadServer_ClearErrorWithinTheTimeout()
    {
        var port = _emulator.Url.Port;
        await _emulator.DisposeAsync();
        using var transport = new KubernetesTransport(new ClusterEndpoint { Server = new Uri($"https://127.0.0.1:{port}"), Description = "dead", Token = Token, InsecureSkipTlsVerify = true },
            new KubernetesClientOptions { RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(50) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<KubernetesUnreachableException>(() => new KubernetesReader(transport).ListAsync(ResourceKinds.Namespace, new ListOptions()));

        Assert.Contains($"cannot reach the Kubernetes API at https://127.0.0.1:{port}/", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
        _emulator = await Start(); // for DisposeAsync
    }

    private string Kubeconfig(string user, string? caPem = null) => $"""
        apiVersion: v1
        kind: Config
        current-context: emulator
        clusters:
        - name: emulator
          cluster:
            server: {_emulator.Url}
            certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem ?? _emulator.CaCertificatePem))}
        users:
        - name: user
          user:
        {user}
        contexts:
        - name: emulator
          context: {"{"}cluster: emulator, user: user{"}"}
        """;
}
