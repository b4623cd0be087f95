namespace MeshBot.Bot.Incidents.Store.Postgres;

/// <summary>
/// An incident was moved on by another replica after this one read it: the update is refused (optimistic concurrency
/// on the row's version) and whatever this replica was about to do with its stale copy is dropped. Nothing was written.
/// </summary>
public sealed class IncidentConflictException(string incidentId, long expected, long? current)
    : InvalidOperationException($"incident {incidentId} was changed by another replica (version {expected} read, {(current is { } c ? c.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")} now); this replica's step is dropped")
{
    public string IncidentId { get; } = incidentId;
}

/// <summary>Another replica holds the execution claim of the proposal: this replica does not run it.</summary>
public sealed class ExecutionClaimedException(string incidentId, string proposalId)
    : InvalidOperationException($"{proposalId} of incident {incidentId} is being executed by another replica; this replica does not run it")
{
    public string IncidentId { get; } = incidentId;

    public string ProposalId { get; } = proposalId;
}
