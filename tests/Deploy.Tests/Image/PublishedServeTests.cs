using System.Net;
using System.Text.Json.Nodes;
using MeshBot.Deploy.Tests.Rbac;
using MeshBot.Deploy.Tests.Support;
using MeshBot.KubernetesEmulator;
using MeshBot.Testing;
using Emulator = MeshBot.KubernetesEmulator.KubernetesEmulator;

namespace MeshBot.Deploy.Tests.Image;

/// <summary>
/// What can be checked of the image without a container engine: the Dockerfile's publish succeeds, and the published
/// <c>meshbot.dll</c> runs <c>serve</c> as the rendered Deployment describes it — its arguments, the ConfigMap's
/// appsettings.json mounted over the published one, the ConfigMap's environment — against the emulator as the
/// service account with the rendered RBAC, answering the probes the Deployment declares. Only the kubeconfig and the
/// SQLite path are overridden (MeshBot__Kubernetes__Kubeconfig, MeshBot__Store__ConnectionString): in the pod they are
/// the service account token and the data volume.
/// </summary>
public sealed class PublishedServeTests(PublishFixture publish) : IClassFixture<PublishFixture>
{
    private const string Token = "meshbot-sa-token";
    private const string Overlay = "overlays/slack-alertmanager";

    private string Dll => Path.Combine(publish.Directory, "meshbot.dll");

    [Fact]
    public void Publish_Succeeds_WithWhatTheChiseledImageNeeds()
    {
        Assert.True(publish.Result.ExitCode == 0, $"dotnet publish src/Bot -c Release failed:\n{publish.Result.Stdout}\n{publish.Result.Stderr}");
        Assert.True(File.Exists(Dll));
        // Framework-dependent on ASP.NET Core 10: the aspnet runtime image provides it.
        var runtime = JsonNode.Parse(File.ReadAllText(Path.Combine(publish.Directory, "meshbot.runtimeconfig.json")))!;
        Assert.Contains(runtime.Items("runtimeOptions", "frameworks"), f => f.Str("name") == "Microsoft.AspNetCore.App" && f.Str("version")!.StartsWith("10.", StringComparison.Ordinal));
        // Chiseled images carry no ICU: the app must run with invariant globalization.
        Assert.True(runtime.Bool("runtimeOptions", "configProperties", "System.Globalization.Invariant"));
        // SQLite's native library for both architectures an image may be built for.
        Assert.True(File.Exists(Path.Combine(publish.Directory, "runtimes", "linux-x64", "native", "libe_sqlite3.so")));
        Assert.True(File.Exists(Path.Combine(publish.Directory, "runtimes", "linux-arm64", "native", "libe_sqlite3.so")));
        Assert.Equal(Repo.Read("appsettings.json"), publish.PublishedAppSettings);
    }

    [Fact]
    public async Task Serve_AsTheDeploymentDescribesIt_AnswersItsProbes_AndStopsOnSigterm()
    {
        Assert.Equal(0, publish.Result.ExitCode);
        var rendered = await Kustomize.RenderAsync(Overlay);
        var container = rendered.Container;
        using var snapshot = Testing.FixtureSnapshot.Materialize("healthy");
        await using var emulator = await StartEmulatorAsync(snapshot);
        var rbac = RbacPolicy.For(rendered.Objects, "meshbot", "meshbot");
        RbacPolicy.Restrict(emulator.Access, rbac.Grants, ObservedCalls.ServiceAccount);
        var work = Directory.CreateTempSubdirectory("meshbot-serve-").FullName;

        await using (var serve = Start(rendered, emulator, work, Token))
        {
            var startup = await serve.WaitForAsync(container.Str("startupProbe", "httpGet", "path")!, TimeSpan.FromSeconds(60));
            var ready = await serve.GetAsync(container.Str("readinessProbe", "httpGet", "path")!);
            var live = await serve.GetAsync(container.Str("livenessProbe", "httpGet", "path")!);
            var metrics = await serve.GetAsync(rendered.OfKind("ServiceMonitor").Single().Items("spec", "endpoints").Single().Str("path")!);

            Assert.True(startup.Status == HttpStatusCode.OK, serve.Output);
            Assert.True(ready.Status == HttpStatusCode.OK, $"{ready.Body}\n{serve.Output}");
            Assert.Equal(new JsonObject { ["store"] = "ok", ["cluster"] = "ok" }.ToJsonString(), JsonNode.Parse(ready.Body)!.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, live.Status);
            Assert.Equal(HttpStatusCode.OK, metrics.Status);
            Assert.Contains("# TYPE", metrics.Body);
            Assert.True(File.Exists(Path.Combine(work, "meshbot.db")), "the store was not created on the data path");
            // Every request the running bot made is allowed by the rendered RBAC (and the emulator, loaded with it, agreed).
            var calls = emulator.RequestLog.Where(r => r.User == ObservedCalls.ServiceAccount).ToList();
            Assert.NotEmpty(calls);
            Assert.All(calls, r => Assert.True(rbac.Allows(ApiCall.From(r)) && r.Status != 403, $"{r.Method} {r.Path}{r.Query} -> {r.Status}"));

            await serve.TerminateAsync();
            var grace = TimeSpan.FromSeconds(rendered.Deployment.Long("spec", "template", "spec", "terminationGracePeriodSeconds")!.Value);
            Assert.True(await serve.WaitForExitAsync(grace), $"meshbot serve ignored SIGTERM for {grace}:\n{serve.Output}");
            Assert.True(serve.ExitCode == 0, $"exit {serve.ExitCode}:\n{serve.Output}");
        }
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task Readiness_FailsWhenTheApiServerRefusesTheBot_WhileLivenessHolds()
    {
        // An API server that rejects the credentials (or is down) makes the pod unready, not restarted.
        Assert.Equal(0, publish.Result.ExitCode);
        var rendered = await Kustomize.RenderAsync(Overlay);
        using var snapshot = Testing.FixtureSnapshot.Materialize("healthy");
        await using var emulator = await StartEmulatorAsync(snapshot);
        var work = Directory.CreateTempSubdirectory("meshbot-serve-").FullName;

        await using (var serve = Start(rendered, emulator, work, "a-token-the-server-does-not-know"))
        {
            var live = await serve.WaitForAsync(rendered.Container.Str("livenessProbe", "httpGet", "path")!, TimeSpan.FromSeconds(60));
            var ready = await serve.GetAsync(rendered.Container.Str("readinessProbe", "httpGet", "path")!);

            Assert.Equal(HttpStatusCode.OK, live.Status);
            Assert.True(ready.Status == HttpStatusCode.ServiceUnavailable, $"{ready.Status} {ready.Body}\n{serve.Output}");
            Assert.Equal("ok", JsonNode.Parse(ready.Body).Str("store"));
            Assert.NotEqual("ok", JsonNode.Parse(ready.Body).Str("cluster"));
        }
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task RealAlertmanager_WithTheOverlaysReceiver_DeliversAnAlertOfTheRule_WhichMeshBotDiagnoses()
    {
        // deploy/overlays/alertmanager/alertmanager-receiver.yml run by the real Alertmanager, pointed at the published
        // bot instead of the Service, its token file a temporary one, its group_wait shortened; the alert carries the
        // labels of the PrometheusRule's IstioMutualTLSConnectionFailures.
        Assert.Equal(0, publish.Result.ExitCode);
        var rendered = await Kustomize.RenderAsync(Overlay);
        using var snapshot = Testing.FixtureSnapshot.Materialize("cross-namespace-dr-disable");
        await using var emulator = await StartEmulatorAsync(snapshot);
        RbacPolicy.Restrict(emulator.Access, RbacPolicy.For(rendered.Objects, "meshbot", "meshbot").Grants, ObservedCalls.ServiceAccount);
        var work = Directory.CreateTempSubdirectory("meshbot-serve-").FullName;
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

        await using (var serve = Start(rendered, emulator, work, Token, new Dictionary<string, string> { ["MeshBot__Alertmanager__BearerToken"] = token }))
        {
            Assert.Equal(HttpStatusCode.OK, (await serve.WaitForAsync("/healthz", TimeSpan.FromSeconds(60))).Status);
            await using var alertmanager = await AlertmanagerProcess.StartAsync(work, ReceiverConfiguration(work, serve.Port, token));
            emulator.ClearRequestLog();
            var alert = rendered.Single("PrometheusRule").Items("spec", "groups").SelectMany(g => g.Items("rules")).Single(r => r.Str("alert") == "IstioMutualTLSConnectionFailures");
            var labels = (JsonObject)alert.At("labels")!.DeepClone();
            labels["alertname"] = "IstioMutualTLSConnectionFailures";
            labels["destination_workload_namespace"] = "payments";
            labels["destination_workload"] = "api";
            labels["destination_service_namespace"] = "payments";
            labels["source_workload_namespace"] = "orders";
            labels["source_workload"] = "checkout";

            await alertmanager.PostAlertAsync(labels);

            // The bot diagnoses the path: its cluster-wide reads reach the emulator, as the service account.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!emulator.RequestLog.Any(r => r.User == ObservedCalls.ServiceAccount && r.Path == "/api/v1/pods") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.True(emulator.RequestLog.Any(r => r.Path == "/api/v1/pods"), $"no diagnosis after the alert.\nmeshbot:\n{serve.Output}\nalertmanager:\n{alertmanager.Log}");
            Assert.DoesNotContain(emulator.RequestLog, r => r.Status == 403);
            Assert.DoesNotContain("Notify for alerts failed", alertmanager.Log);
        }
        Directory.Delete(work, recursive: true);
    }

    /// <summary>The overlay's receiver file with the three values a test run must change, each checked to be there.</summary>
    private static string ReceiverConfiguration(string work, int port, string token)
    {
        var tokenFile = Path.Combine(work, "bearer-token");
        File.WriteAllText(tokenFile, token);
        var text = Repo.Read("deploy", "overlays", "alertmanager", "alertmanager-receiver.yml");
        foreach (var (from, to) in new[]
        {
            ("url: http://meshbot.meshbot.svc.cluster.local:8080/alertmanager", $"url: http://127.0.0.1:{port}/alertmanager"),
            ("credentials_file: /etc/alertmanager/secrets/meshbot-alertmanager/bearer-token", $"credentials_file: {tokenFile}"),
            ("group_wait: 30s", "group_wait: 100ms"),
        })
        {
            Assert.Contains(from, text);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        return text;
    }

    private static Task<Emulator> StartEmulatorAsync(Testing.FixtureSnapshot snapshot) => Emulator.StartAsync(new EmulatorOptions
    {
        SnapshotPath = snapshot.Path,
        Tokens = new Dictionary<string, EmulatorUser> { [Token] = new(ObservedCalls.ServiceAccount, "system:serviceaccounts", "system:serviceaccounts:meshbot") },
    });

    /// <summary>The pod's process: the ConfigMap's appsettings.json over the published one, the ConfigMap's environment, the Deployment's arguments.</summary>
    private ServeProcess Start(Rendered rendered, Emulator emulator, string work, string token, IReadOnlyDictionary<string, string>? secrets = null)
    {
        File.WriteAllText(Path.Combine(publish.Directory, "appsettings.json"), rendered.ConfigMap("meshbot-config").Str("data", "appsettings.json"));
        var environment = (rendered.ConfigMap("meshbot-env").At("data") as JsonObject)!.ToDictionary(d => d.Key, d => d.Value!.GetValue<string>());
        environment["MeshBot__Kubernetes__Kubeconfig"] = emulator.WriteKubeconfig(Path.Combine(work, "kubeconfig"), EmulatorCredential.Token(token));
        environment["MeshBot__Store__ConnectionString"] = $"Data Source={Path.Combine(work, "meshbot.db")}";
        foreach (var (key, value) in secrets ?? new Dictionary<string, string>())
        {
            environment[key] = value; // what the pod's secretKeyRefs would inject
        }
        return ServeProcess.Start(Dll, rendered.Container.Strings("args"), environment);
    }
}
