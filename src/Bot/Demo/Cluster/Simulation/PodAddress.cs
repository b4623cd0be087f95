namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>A scheduled pod's node, the node's IP and the pod's IP.</summary>
internal sealed record PodAddress(string Node, string HostIp, string PodIp);
