using System.Globalization;
using System.Text.Json.Nodes;
using MeshBot.Cluster;
using MeshBot.Cluster.Sources;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// The traffic the demo's logs show. A scenario's logs are the traffic before the fix; once a change is applied, the
/// proxies it affects log healthy requests instead (Envoy access-log lines with 200 <c>via_upstream</c>), so that a
/// re-diagnosis reflects the cluster after the fix. istiod logs a clean start after a restart.
/// </summary>
internal sealed class Traffic(ObjectStore store, LogStore logs)
{
    /// <summary>A new sidecar pod's proxy: start-up, then a few served health checks.</summary>
    public void Start(JsonObject pod)
    {
        if (pod.Items("spec", "containers").Any(c => c.Str("name") == "istio-proxy"))
        {
            var now = store.Time.GetUtcNow();
            logs.Set(Proxy(pod), [
                $"{Stamp(now)}\tinfo\txdsproxy\tconnected to delta upstream XDS server: istiod.istio-system.svc:15012\tid=1",
                $"{Stamp(now)}\tinfo\tcache\tgenerated new workload certificate\tresourceName=default",
                $"{Stamp(now)}\tinfo\tEnvoy proxy is ready",
                .. Requests(pod, now),
            ]);
        }
    }

    /// <summary>After a TLS policy change (PeerAuthentication, DestinationRule): every proxy now logs healthy traffic.</summary>
    public void Heal()
    {
        foreach (var pod in store.List(ResourceKinds.Pod).Where(p => p.Items("spec", "containers").Any(c => c.Str("name") == "istio-proxy")))
        {
            logs.Set(Proxy(pod), Requests(pod, store.Time.GetUtcNow()).ToArray());
        }
    }

    /// <summary>istiod's discovery container after a clean start: config pushes, no errors.</summary>
    public void IstiodStarted(JsonObject pod)
    {
        var now = store.Time.GetUtcNow();
        var container = pod.Items("spec", "containers").FirstOrDefault()?.Str("name") ?? "discovery";
        var services = store.List(ResourceKinds.Service).Count();
        var proxies = store.List(ResourceKinds.Pod).Count(p => p.Items("spec", "containers").Any(c => c.Str("name") == "istio-proxy"));
        logs.Set(new ContainerRef(pod.Namespace() ?? "", pod.Name(), container), [
            $"{Stamp(now)}\tinfo\tads\tPush debounce stable[1] 1 for config Namespace/istio-system: 100.12ms since last change, 100.12ms since last push, full=true",
            $"{Stamp(now)}\tinfo\tads\tXDS: Pushing Services:{services} ConnectedEndpoints:{proxies} Version:{Stamp(now)}/1",
            $"{Stamp(now.AddSeconds(1))}\tinfo\tads\tPush debounce stable[2] 1 for config ServiceEntry: 100.05ms since last change, 100.05ms since last push, full=true",
        ]);
    }

    private IEnumerable<string> Requests(JsonObject pod, DateTimeOffset now)
    {
        var ip = pod.Str("status", "podIP") ?? "127.0.0.1";
        var port = pod.Items("spec", "containers").Where(c => c.Str("name") != "istio-proxy")
            .SelectMany(c => c.Items("ports")).Select(p => p.Int("containerPort")).FirstOrDefault() ?? 8080;
        var labels = pod.Map("metadata", "labels");
        var host = store.List(ResourceKinds.Service, pod.Namespace())
            .FirstOrDefault(s => s.Map("spec", "selector") is { Count: > 0 } sel && sel.All(kv => labels.GetValueOrDefault(kv.Key) == kv.Value)) is { } svc
            ? $"{svc.Name()}.{svc.Namespace()}.svc.cluster.local"
            : pod.Name();
        return Enumerable.Range(1, 3).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"[{now.AddSeconds(i).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}] \"GET /health HTTP/1.1\" 200 - via_upstream - \"-\" 0 2 1 1 \"-\" \"kube-probe/1.31\" \"{Guid.NewGuid()}\" \"{host}\" \"{ip}:{port}\" inbound|{port}|| 127.0.0.6:{49850 + i} {ip}:{port} 10.244.0.1:{51200 + i} - default"));
    }

    private static ContainerRef Proxy(JsonObject pod) => new(pod.Namespace() ?? "", pod.Name(), "istio-proxy");

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
}
