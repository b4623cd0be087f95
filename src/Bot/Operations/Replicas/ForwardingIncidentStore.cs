using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Operations.Replicas;

/// <summary>An incident store that passes every call to <see cref="Inner"/>; decorators override what they change.</summary>
public abstract class ForwardingIncidentStore(IIncidentStore inner) : IIncidentStore
{
    public IIncidentStore Inner => inner;

    public virtual Task MigrateAsync(CancellationToken cancellationToken = default) => inner.MigrateAsync(cancellationToken);

    public virtual Task<(Incident Incident, bool Created)> CreateAsync(Incident incident, CancellationToken cancellationToken = default) => inner.CreateAsync(incident, cancellationToken);

    public virtual Task<Incident?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public virtual Task<Incident?> FindByGroupKeyAsync(string groupKey, CancellationToken cancellationToken = default) => inner.FindByGroupKeyAsync(groupKey, cancellationToken);

    public virtual Task<IReadOnlyList<Incident>> ListAsync(IReadOnlyCollection<IncidentState>? states = null, CancellationToken cancellationToken = default) => inner.ListAsync(states, cancellationToken);

    public virtual Task UpdateAsync(Incident incident, CancellationToken cancellationToken = default) => inner.UpdateAsync(incident, cancellationToken);

    public virtual Task ReplaceProposalsAsync(string incidentId, IReadOnlyList<StoredProposal> proposals, CancellationToken cancellationToken = default) =>
        inner.ReplaceProposalsAsync(incidentId, proposals, cancellationToken);

    public virtual Task<IReadOnlyList<StoredProposal>> ProposalsAsync(string incidentId, CancellationToken cancellationToken = default) => inner.ProposalsAsync(incidentId, cancellationToken);

    public virtual Task SetProposalStatusAsync(string incidentId, string proposalId, ProposalStatus status, CancellationToken cancellationToken = default) =>
        inner.SetProposalStatusAsync(incidentId, proposalId, status, cancellationToken);

    public virtual Task<bool> AddVoteAsync(string incidentId, Vote vote, CancellationToken cancellationToken = default) => inner.AddVoteAsync(incidentId, vote, cancellationToken);

    public virtual Task<IReadOnlyList<Vote>> VotesAsync(string incidentId, string proposalId, CancellationToken cancellationToken = default) => inner.VotesAsync(incidentId, proposalId, cancellationToken);

    public virtual Task RecordStepAsync(string incidentId, string proposalId, StepOutcome step, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        inner.RecordStepAsync(incidentId, proposalId, step, at, cancellationToken);

    public virtual Task<IReadOnlyList<StoredStep>> StepsAsync(string incidentId, CancellationToken cancellationToken = default) => inner.StepsAsync(incidentId, cancellationToken);

    public virtual Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default) => inner.AppendAuditAsync(entry, cancellationToken);

    public virtual IAsyncEnumerable<AuditEntry> AuditAsync(string? incidentId = null, CancellationToken cancellationToken = default) => inner.AuditAsync(incidentId, cancellationToken);

    public virtual Task<bool> TryClaimExecutionAsync(string incidentId, string proposalId, string owner, CancellationToken cancellationToken = default) =>
        inner.TryClaimExecutionAsync(incidentId, proposalId, owner, cancellationToken);

    public virtual Task<bool> TryAcquireLeaseAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        inner.TryAcquireLeaseAsync(name, holder, ttl, cancellationToken);

    public virtual Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default) => inner.ReleaseLeaseAsync(name, holder, cancellationToken);
}
