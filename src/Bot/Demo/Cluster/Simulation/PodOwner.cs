namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>The controller that owns a pod, for its ownerReference.</summary>
internal sealed record PodOwner(string ApiVersion, string Kind, string Name, string Uid);
