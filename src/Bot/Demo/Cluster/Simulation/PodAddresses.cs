using System.Globalization;
using MeshBot.Cluster;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>Schedules pods on the demo's two kind workers in turn, each with its pod CIDR, never reusing an IP in use.</summary>
internal sealed class PodAddresses(ObjectStore store)
{
    private static readonly (string Node, string HostIp, int Subnet)[] Nodes = [("kind-worker", "172.18.0.3", 1), ("kind-worker2", "172.18.0.4", 2)];
    private int _next;

    public PodAddress Allocate()
    {
        var used = store.List(ResourceKinds.Pod).Select(p => p.Str("status", "podIP")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var (node, hostIp, subnet) = Nodes[_next++ % Nodes.Length];
        for (var host = 100; ; host++)
        {
            var ip = string.Create(CultureInfo.InvariantCulture, $"10.244.{subnet}.{host}");
            if (!used.Contains(ip))
            {
                return new PodAddress(node, hostIp, ip);
            }
        }
    }
}
