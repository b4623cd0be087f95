using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Incidents.Store;

/// <summary>
/// Where incidents live across restarts: incidents and their state, proposals, votes, execution steps and the
/// append-only audit trail. SQLite for one replica; the interface is what a PostgreSQL store implements for several.
/// </summary>
public interface IIncidentStore
{
    /// <summary>Creates or upgrades the schema; safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts the incident, or returns the existing one with the same <see cref="Incident.GroupKey"/>.</summary>
    Task<(Incident Incident, bool Created)> CreateAsync(Incident incident, CancellationToken cancellationToken = default);

    Task<Incident?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<Incident?> FindByGroupKeyAsync(string groupKey, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Incident>> ListAsync(IReadOnlyCollection<IncidentState>? states = null, CancellationToken cancellationToken = default);

    Task UpdateAsync(Incident incident, CancellationToken cancellationToken = default);

    /// <summary>Replaces the incident's plan (after a (re-)diagnosis): the old plan's votes and execution claims go with it (the audit keeps them).</summary>
    Task ReplaceProposalsAsync(string incidentId, IReadOnlyList<StoredProposal> proposals, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredProposal>> ProposalsAsync(string incidentId, CancellationToken cancellationToken = default);

    /// <summary>Sets a proposal's status, unless it is already decided for good (Executed, Failed, Rejected, Expired): a late writer never undoes a decision.</summary>
    Task SetProposalStatusAsync(string incidentId, string proposalId, ProposalStatus status, CancellationToken cancellationToken = default);

    /// <summary>Records a vote; false when this actor already voted on this proposal (a unique key, not a lock).</summary>
    Task<bool> AddVoteAsync(string incidentId, Vote vote, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Vote>> VotesAsync(string incidentId, string proposalId, CancellationToken cancellationToken = default);

    Task RecordStepAsync(string incidentId, string proposalId, StepOutcome step, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredStep>> StepsAsync(string incidentId, CancellationToken cancellationToken = default);

    Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    IAsyncEnumerable<AuditEntry> AuditAsync(string? incidentId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the execution of one proposal for <paramref name="owner"/> (a replica): true for the first claimant and
    /// again for the same owner, false while another owner holds it. A unique key, not a lock, so two replicas never
    /// both run a plan; <see cref="ReplaceProposalsAsync"/> clears the incident's claims with its plan.
    /// </summary>
    Task<bool> TryClaimExecutionAsync(string incidentId, string proposalId, string owner, CancellationToken cancellationToken = default);

    /// <summary>Takes or renews the lease <paramref name="name"/> for <paramref name="ttl"/>: false while another holder's lease is unexpired.</summary>
    Task<bool> TryAcquireLeaseAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up, if <paramref name="holder"/> holds it, so another replica may take it at once.</summary>
    Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default);
}
