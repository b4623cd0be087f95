using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

public sealed record ContainerPort(string? Name, int Port, string Protocol);

public sealed record Container(string Name, string? Image, string? RestartPolicy, IReadOnlyList<ContainerPort> Ports)
{
    public static Container From(JsonElement c) => new(
        c.Str("name") ?? "",
        c.Str("image"),
        c.Str("restartPolicy"),
        c.Items("ports")
            .Where(p => p.Int("containerPort") is not null)
            .Select(p => new ContainerPort(p.Str("name"), p.Int("containerPort")!.Value, p.Str("protocol") ?? "TCP"))
            .ToArray());
}

public sealed record ContainerStatus(string Name, bool Ready, int RestartCount);

public sealed class Pod : KubeObject
{
    public const string ProxyContainer = "istio-proxy";

    public Pod(JsonElement raw) : base(ResourceKinds.Pod, raw)
    {
        Containers = raw.Items("spec", "containers").Select(Container.From).ToArray();
        InitContainers = raw.Items("spec", "initContainers").Select(Container.From).ToArray();
        ServiceAccountName = raw.Str("spec", "serviceAccountName") ?? raw.Str("spec", "serviceAccount") ?? "default";
        HostNetwork = raw.Bool("spec", "hostNetwork") ?? false;
        NodeName = raw.Str("spec", "nodeName");
        Phase = raw.Str("status", "phase");
        PodIp = raw.Str("status", "podIP");
        ContainerStatuses = raw.Items("status", "containerStatuses")
            .Concat(raw.Items("status", "initContainerStatuses"))
            .Select(s => new ContainerStatus(s.Str("name") ?? "", s.Bool("ready") ?? false, s.Int("restartCount") ?? 0))
            .ToArray();
        Ready = raw.Items("status", "conditions").Any(c => c.Str("type") == "Ready" && c.Str("status") == "True");
    }

    public IReadOnlyList<Container> Containers { get; }

    public IReadOnlyList<Container> InitContainers { get; }

    public string ServiceAccountName { get; }

    public bool HostNetwork { get; }

    /// <summary>The node the pod was scheduled to; null while it is pending scheduling.</summary>
    public string? NodeName { get; }

    public string? Phase { get; }

    public string? PodIp { get; }

    public bool Ready { get; }

    public IReadOnlyList<ContainerStatus> ContainerStatuses { get; }

    /// <summary>
    /// True when the pod runs an Envoy sidecar: a container named <c>istio-proxy</c>, or the native-sidecar
    /// form (an init container of that name with <c>restartPolicy: Always</c>).
    /// </summary>
    public bool HasSidecar =>
        Containers.Any(c => c.Name == ProxyContainer && !string.IsNullOrEmpty(c.Image))
        || InitContainers.Any(c => c.Name == ProxyContainer && c.RestartPolicy == "Always");

    public bool IsNativeSidecar => !Containers.Any(c => c.Name == ProxyContainer) && HasSidecar;

    public IEnumerable<ContainerPort> Ports => Containers.SelectMany(c => c.Ports);
}
