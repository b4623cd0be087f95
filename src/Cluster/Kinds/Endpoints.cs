using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

/// <summary>One endpoint address with its readiness and the pod behind it, from Endpoints or EndpointSlice.</summary>
public sealed record EndpointAddress(string Ip, bool Ready, string? PodName);

/// <summary>Both <c>v1/Endpoints</c> and <c>discovery.k8s.io/v1/EndpointSlice</c> reduce to a service name and its addresses.</summary>
public sealed class Endpoints : KubeObject
{
    public Endpoints(ResourceKind kind, JsonElement raw) : base(kind, raw)
    {
        if (kind == ResourceKinds.EndpointSlice)
        {
            ServiceName = Meta.Label("kubernetes.io/service-name") ?? Name;
            Addresses = raw.Items("endpoints")
                .SelectMany(e => e.Strings("addresses").Select(ip => new EndpointAddress(
                    ip,
                    e.Bool("conditions", "ready") ?? true,
                    e.Str("targetRef", "kind") == "Pod" ? e.Str("targetRef", "name") : null)))
                .ToArray();
        }
        else
        {
            ServiceName = Name;
            Addresses = raw.Items("subsets")
                .SelectMany(s => s.Items("addresses").Select(a => Address(a, ready: true))
                    .Concat(s.Items("notReadyAddresses").Select(a => Address(a, ready: false))))
                .ToArray();
        }
    }

    public string ServiceName { get; }

    public IReadOnlyList<EndpointAddress> Addresses { get; }

    public int ReadyCount => Addresses.Count(a => a.Ready);

    private static EndpointAddress Address(JsonElement a, bool ready) =>
        new(a.Str("ip") ?? "", ready, a.Str("targetRef", "kind") == "Pod" ? a.Str("targetRef", "name") : null);
}
