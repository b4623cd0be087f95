using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>A port on the path: the Service port a client dials and the container port behind it.</summary>
public sealed record PathPort(Service? Service, int? ServicePort, int? ContainerPort)
{
    public string Describe() => (ServicePort, ContainerPort) switch
    {
        (null, null) => "any port",
        ({ } s, { } c) when s != c => $"port {s} (container port {c})",
        ({ } s, _) => $"port {s}",
        (_, { } c) => $"container port {c}",
    };
}

/// <summary>
/// One pod controller (or bare pod) on the path: what selects it (labels), its running pods, the Services
/// in front of it and the ports the request is about.
/// </summary>
public sealed record WorkloadUnit(string Kind, string Namespace, string Name, IReadOnlyDictionary<string, string> Labels, Workload? Controller, IReadOnlyList<Pod> Pods, IReadOnlyList<Service> Services, IReadOnlyList<PathPort> Ports)
{
    public string Reference => $"{Kind}/{Namespace}/{Name}";

    public bool HasPods => Pods.Count > 0;

    public bool Meshed => Pods.Count > 0 && Pods.All(p => p.HasSidecar);

    /// <summary>True when the injector labelled the endpoints for auto mTLS.</summary>
    public bool EndpointsIstioLabelled => Pods.Count > 0 && Pods.All(p => p.Meta.Label("security.istio.io/tlsMode") == "istio");
}

/// <summary>One end of the path, resolved against the cluster.</summary>
public sealed record PathEnd(TargetSpec Spec, Namespace Namespace, bool IsPlatform, IReadOnlyList<WorkloadUnit> Units)
{
    public string Name => Spec.ToString();

    public IEnumerable<Pod> Pods => Units.SelectMany(u => u.Pods);

    public bool Meshed => Units.Any(u => u.HasPods) && Units.Where(u => u.HasPods).All(u => u.Meshed);

    /// <summary>Every pod of this end is in the ambient data plane: ztunnel, not a sidecar, carries its traffic.</summary>
    public bool InAmbient => Pods.Any() && Pods.All(p => Mesh.AmbientEnrolment.ForPod(p, Namespace).Enrolled);

    /// <summary>In ambient and redirected by istio-cni: ztunnel really carries this end's traffic.</summary>
    public bool CarriedByZtunnel => InAmbient && Pods.All(p => Mesh.AmbientEnrolment.ForPod(p, Namespace).Redirected);

    /// <summary>Labels a client end presents to DestinationRule workload selectors; null for a whole namespace.</summary>
    public IReadOnlyDictionary<string, string>? ClientLabels => Spec.Workload is null ? null : Units.FirstOrDefault()?.Labels;
}

public sealed record DiagnosisPath(PathEnd Server, PathEnd? Client, int? RequestedPort)
{
    public IEnumerable<PathEnd> Ends => Client is null ? [Server] : [Server, Client];

    public string Describe()
    {
        var port = RequestedPort is { } p ? $" port {p}" : "";
        return Client is null ? $"{Server.Name}{port}" : $"{Client.Name} → {Server.Name}{port}";
    }
}
