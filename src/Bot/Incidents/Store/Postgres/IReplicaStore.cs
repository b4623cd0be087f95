namespace MeshBot.Bot.Incidents.Store.Postgres;

/// <summary>
/// What a store shared by several replicas knows beyond <see cref="IIncidentStore"/>: which replica it writes as, and
/// which incidents a replica left mid-way (its liveness lease ran out while the incident was being diagnosed, executed
/// or verified), so that exactly those — and never the live work of another replica — are recovered.
/// </summary>
public interface IReplicaStore
{
    /// <summary>This replica's id: unique per process, recorded as the worker of every incident it moves on.</summary>
    string Replica { get; }

    /// <summary>
    /// Ids of incidents in a <see cref="ReplicaLeases.InProgress"/> state, or AwaitingApproval with an approved proposal not
    /// yet run, whose worker holds no live <see cref="ReplicaLeases.Liveness"/> lease, oldest first.
    /// </summary>
    Task<IReadOnlyList<string>> AbandonedIncidentsAsync(CancellationToken cancellationToken = default);
}

/// <summary>The lease names replicas use and the states a replica's death can leave half-done.</summary>
public static class ReplicaLeases
{
    /// <summary>Held by the one replica that runs background work (approval expiry, recovery).</summary>
    public const string Background = "meshbot/background";

    public const string LivenessPrefix = "replica/";

    /// <summary>Each replica renews its own liveness lease while it runs.</summary>
    public static string Liveness(string replica) => LivenessPrefix + replica;

    /// <summary>The states <see cref="IncidentService.RecoverAsync"/> acts on: someone was working on the incident.</summary>
    public static readonly IReadOnlyList<IncidentState> InProgress =
    [
        IncidentState.Received, IncidentState.Diagnosing, IncidentState.DiagnosingSidecarMissing, IncidentState.DiagnosingCrossNamespace,
        IncidentState.DiagnosingPlatformNamespace, IncidentState.DiagnosingCaRotation, IncidentState.DiagnosingInjectionWebhook,
        IncidentState.Executing, IncidentState.Verifying,
    ];
}
