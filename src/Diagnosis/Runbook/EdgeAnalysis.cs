using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>
/// The per-port TLS contract of the path as data (the JSON <c>edge</c>): the same resolvers the checks use, so the table
/// and the checks cannot disagree. Ambient: ztunnel enforces only STRICT; between two ambient ends ztunnel carries
/// HBONE mTLS; a sidecar sends HBONE to an ambient server unless its DestinationRule sets DISABLE.
/// </summary>
public static class EdgeAnalysis
{
    public static IReadOnlyList<PortEdge> For(DiagnosisSession session)
    {
        var path = session.Path;
        var client = path.Client;
        var clientPlane = client is null ? DataPlane.None : DataPlanes.Of([.. client.Pods], client.Namespace);
        var edges = new List<PortEdge>();
        foreach (var unit in path.Server.Units.Where(u => u.HasPods))
        {
            var serverPlane = DataPlanes.Of(unit.Pods, path.Server.Namespace);
            foreach (var port in unit.Ports)
            {
                var policy = session.PeerAuthentication.Resolve(unit.Namespace, unit.Labels, port.ContainerPort);
                var enforced = serverPlane == DataPlane.Ambient ? AmbientPeerAuthentication.Enforced(policy.Mode) : policy.Mode;
                var accepts = new EdgeServer(serverPlane, policy, enforced);
                if (client is null)
                {
                    edges.Add(new PortEdge(unit.Reference, port, accepts, null, null, "no client named: pass --from to check one"));
                    continue;
                }
                var rule = port.Service is { } service
                    ? session.DestinationRules.Resolve(client.Namespace.Name, client.ClientLabels, service.Host(MeshOptions.ClusterDomain), unit.Namespace, port.ServicePort)
                    : null;
                edges.Add(Edge(unit, port, accepts, clientPlane, rule));
            }
        }
        return edges;
    }

    private static PortEdge Edge(WorkloadUnit unit, PathPort port, EdgeServer accepts, DataPlane clientPlane, EffectiveDestinationRule? rule)
    {
        var serverPlane = accepts.DataPlane;
        var sends = (clientPlane, serverPlane) switch
        {
            (DataPlane.None, _) => new EdgeClient(clientPlane, rule, Origination.Plaintext, "the client has no sidecar and is not in ambient: it sends plaintext"),
            (DataPlane.Ambient, DataPlane.Ambient) => new EdgeClient(clientPlane, rule, Origination.IstioMutual, "both ends are in ambient: ztunnel carries HBONE mTLS"),
            (DataPlane.Ambient, _) => new EdgeClient(clientPlane, rule, Origination.Plaintext, "the client is in ambient and the server is not: what ztunnel sends depends on the server's HBONE support"),
            (DataPlane.Sidecar, DataPlane.Ambient) when rule?.Tls == TlsMode.Disable => new EdgeClient(clientPlane, rule, Origination.Plaintext, $"{rule.Rule!.Reference} sets tls.mode DISABLE: the sidecar sends plaintext"),
            (DataPlane.Sidecar, DataPlane.Ambient) => new EdgeClient(clientPlane, rule, Origination.IstioMutual, "the client sidecar sends HBONE mTLS to the ambient server"),
            _ => Sidecar(rule, unit, accepts.Policy.Mode),
        };

        if (clientPlane == DataPlane.Ambient && serverPlane != DataPlane.Ambient)
        {
            return new PortEdge(unit.Reference, port, accepts, sends, null, "mixed data planes: check the pair with istioctl ztunnel-config workloads");
        }
        if (serverPlane == DataPlane.Ambient)
        {
            var rejected = accepts.Enforced == MtlsMode.Strict && sends.Sends == Origination.Plaintext;
            return new PortEdge(unit.Reference, port, accepts, sends, !rejected,
                rejected ? "the server's ztunnel enforces STRICT and rejects plaintext" : $"the server's ztunnel accepts {TlsCompatibility.Describe(sends.Sends)}");
        }
        var compatibility = TlsCompatibility.Accepts(new ClientOrigination(sends.Sends, sends.Why), serverPlane == DataPlane.Sidecar, accepts.Policy.Mode);
        return new PortEdge(unit.Reference, port, accepts, sends, compatibility.Works, compatibility.Why);
    }

    private static EdgeClient Sidecar(EffectiveDestinationRule? rule, WorkloadUnit unit, MtlsMode serverMode)
    {
        var effective = rule ?? EffectiveDestinationRule.None("", null);
        var origination = TlsCompatibility.Originate(true, effective, unit.EndpointsIstioLabelled, serverMode);
        return new EdgeClient(DataPlane.Sidecar, rule, origination.Origination, origination.Why);
    }
}
