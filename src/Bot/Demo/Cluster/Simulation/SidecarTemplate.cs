using System.Text.Json.Nodes;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// What Istio's injector adds to a pod (the parts the diagnosis and a reader look at): the <c>istio-init</c> init
/// container, the <c>istio-proxy</c> container, the tlsMode and canonical-service labels, and the status annotation.
/// </summary>
internal static class SidecarTemplate
{
    public const string ProxyImage = "docker.io/istio/proxyv2:1.24.2";

    public static void Inject(JsonObject pod, string revision, string workload)
    {
        var metadata = pod.Metadata();
        var labels = metadata.Obj("labels");
        labels["security.istio.io/tlsMode"] = "istio";
        labels["service.istio.io/canonical-name"] = labels.Str("service.istio.io/canonical-name") ?? labels.Str("app.kubernetes.io/name") ?? labels.Str("app") ?? workload;
        labels["service.istio.io/canonical-revision"] = labels.Str("service.istio.io/canonical-revision") ?? labels.Str("app.kubernetes.io/version") ?? labels.Str("version") ?? "latest";

        var spec = pod.Obj("spec");
        var appContainer = spec.Items("containers").FirstOrDefault()?.Str("name") ?? workload;
        var annotations = metadata.Obj("annotations");
        annotations["istio.io/rev"] = revision;
        annotations["kubectl.kubernetes.io/default-container"] = appContainer;
        annotations["kubectl.kubernetes.io/default-logs-container"] = appContainer;
        annotations["sidecar.istio.io/status"] =
            $$"""{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"{{revision}}"}""";

        var istiod = revision == "default" ? "istiod" : $"istiod-{revision}";
        var containers = spec["containers"] as JsonArray ?? [];
        containers.Add(new JsonObject
        {
            ["args"] = new JsonArray("proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local"),
            ["env"] = new JsonArray(
                new JsonObject { ["name"] = "CA_ADDR", ["value"] = $"{istiod}.istio-system.svc:15012" },
                new JsonObject { ["name"] = "ISTIO_META_WORKLOAD_NAME", ["value"] = workload },
                new JsonObject { ["name"] = "TRUST_DOMAIN", ["value"] = "cluster.local" }),
            ["image"] = ProxyImage,
            ["name"] = "istio-proxy",
            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 15090, ["name"] = "http-envoy-prom", ["protocol"] = "TCP" }),
        });
        spec["containers"] = containers;

        var initContainers = spec["initContainers"] as JsonArray ?? [];
        initContainers.Insert(0, new JsonObject
        {
            ["args"] = new JsonArray("istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT", "-i", "*", "-b", "*", "-d", "15090,15021,15020"),
            ["image"] = ProxyImage,
            ["name"] = "istio-init",
        });
        spec["initContainers"] = initContainers;
    }
}
