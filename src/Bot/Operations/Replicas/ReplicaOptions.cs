namespace MeshBot.Bot.Operations.Replicas;

/// <summary>
/// This replica's id and its leases' lifetime (<c>MeshBot:Store:LeaseTtl</c>, 30 s by default). Leases are renewed every
/// third of their lifetime; a replica that stops renewing is considered gone after one lifetime, and another replica
/// takes over its background duty and recovers what it left mid-way.
/// </summary>
public sealed record ReplicaOptions(string Replica, TimeSpan LeaseTtl)
{
    public TimeSpan Interval => LeaseTtl / 3;
}
