namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>What admission does to a pod being created: rejected (<see cref="Error"/>), created with or without a sidecar.</summary>
internal sealed record Admission(bool Allowed, bool Injected, string Revision, string? Error);
