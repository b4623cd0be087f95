using System.Diagnostics;
using MeshBot.Cluster.Kubernetes;
using MeshBot.Cluster.Kubernetes.Config;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.KubernetesEmulator;
using Emulator = MeshBot.KubernetesEmulator.KubernetesEmulator;
using KubectlRunner = MeshBot.KubernetesEmulator.Kubectl;

namespace MeshBot.Bench;

/// <summary>
/// The same generated cluster served by the Kubernetes API emulator over TLS with injected latency per request:
/// requests and wall time of one live diagnosis, next to the seed runbook's investigation typed as kubectl commands
/// against the same emulator, and their ratio.
/// </summary>
internal static class LiveMeasurement
{
    private const string Token = "bench";

    public static async Task<int> RunAsync(string dir, BenchOptions options)
    {
        var middle = SyntheticCluster.Ns(options.Shape.Namespaces / 2);
        var caller = SyntheticCluster.Ns(options.Shape.Namespaces / 2 - 2);
        await using var emulator = await Emulator.StartAsync(new EmulatorOptions
        {
            SnapshotPath = dir,
            Tokens = new Dictionary<string, EmulatorUser> { [Token] = new("bench") },
        });
        emulator.Faults.Latency = TimeSpan.FromMilliseconds(options.LatencyMs);
        var kubeconfig = emulator.WriteKubeconfig(Path.Combine(dir, "bench.kubeconfig"), EmulatorCredential.Token(Token));

        // MeshBot: one live diagnosis, as `meshbot diagnose --kubeconfig` runs it.
        emulator.ClearRequestLog();
        var clock = Stopwatch.StartNew();
        using var transport = new KubernetesTransport(KubeconfigLoader.Load(kubeconfig, null, new Dictionary<string, string?>()));
        var source = new KubernetesApiSource(new KubernetesReader(transport), "istio-system");
        var report = await new Diagnoser(new MeshOptions(), TimeProvider.System).DiagnoseAsync(source, new DiagnosisRequest(new TargetSpec(middle, "app-0"), new TargetSpec(caller, "app-1"), 80));
        var meshbot = clock.Elapsed;
        var requests = emulator.RequestLog.Count;
        var lists = emulator.RequestLog.Count(r => r.Verb == "list");
        var logs = emulator.RequestLog.Count(r => r.Path.EndsWith("/log", StringComparison.Ordinal));

        // The seed runbook's investigation, as an SRE types it.
        var pod = $"app-0-{emulator.List("pods", middle).Select(p => p["metadata"]!["name"]!.GetValue<string>()).First()["app-0-".Length..]}";
        var callerPod = emulator.List("pods", caller).Select(p => p["metadata"]!["name"]!.GetValue<string>()).First(n => n.StartsWith("app-1-", StringComparison.Ordinal));
        string[][] runbook =
        [
            ["get", "pods", "-n", "istio-system", "-l", "app=istiod"],
            ["get", "peerauthentication", "-A"],
            ["get", "peerauthentication", "-n", middle, "-o", "yaml"],
            ["logs", pod, "-n", middle, "-c", "istio-proxy", "--tail=100"],
            ["logs", pod, "-n", middle, "-c", "istio-proxy", "--tail=200"],
            ["get", "namespace", middle, "--show-labels"],
            ["get", "pod", pod, "-n", middle, "-o", "jsonpath={.spec.containers[*].name}"],
            ["get", "pod", callerPod, "-n", caller, "-o", "jsonpath={.spec.containers[*].name}"],
            ["get", "destinationrules", "-A"],
            ["get", "destinationrules", "-A", "-o", "yaml"],
            ["get", "secret", "istio-ca-secret", "-n", "istio-system"],
            ["get", "mutatingwebhookconfigurations", "istio-sidecar-injector", "-o", "yaml"],
            ["get", "svc", "-n", "istio-system", "istiod"],
            ["get", "endpoints", "-n", "istio-system", "istiod"],
        ];
        using var kubectl = new KubectlRunner(emulator, EmulatorCredential.Token(Token));
        emulator.ClearRequestLog();
        clock.Restart();
        foreach (var command in runbook)
        {
            var result = await kubectl.RunAsync(command);
            if (result.ExitCode != 0)
            {
                Console.Error.WriteLine($"kubectl {string.Join(' ', command)} failed: {result.Stderr.Trim()}");
            }
        }
        var typed = clock.Elapsed;
        var kubectlRequests = emulator.RequestLog.Count;

        Console.WriteLine($"live       emulator over TLS, {options.LatencyMs} ms injected per request, {options.Shape.Namespaces * options.Shape.PodsPerNamespace:N0} pods");
        Console.WriteLine($"meshbot diagnose          {meshbot.TotalMilliseconds,9:F0} ms   {requests} requests ({lists} lists, {logs} logs)   verdict {report.Verdict.Branch}   (target < 3000 ms)");
        Console.WriteLine($"runbook as kubectl        {typed.TotalMilliseconds,9:F0} ms   {kubectlRequests} requests, {runbook.Length} commands (without reading or thinking between them)");
        Console.WriteLine($"ratio                     {typed / meshbot,9:F1}× faster than typing the runbook's kubectl commands");
        return 0;
    }
}
