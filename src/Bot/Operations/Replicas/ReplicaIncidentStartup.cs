using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Bot.Incidents.Store.Postgres;
using MeshBot.Remediation.Approval;
using Microsoft.Extensions.Hosting;

namespace MeshBot.Bot.Operations.Replicas;

/// <summary>
/// <see cref="Hosting.IncidentStartup"/> for several replicas sharing one store. Before the bot listens: migrate (the
/// store serialises replicas that start together) and announce this replica (its liveness lease). Then, every third of
/// the lease lifetime: renew the liveness lease and try to take or renew <see cref="ReplicaLeases.Background"/>. Only
/// the replica holding that lease expires approvals and recovers — and it recovers only the incidents whose worker's
/// liveness lease ran out (a replica that died mid-diagnosis, mid-plan or mid-verification), never the live work of
/// another replica. When it stops it hands the background lease back so that another replica takes over at once.
/// </summary>
public sealed class ReplicaIncidentStartup(
    IIncidentStore store,
    IReplicaStore replicas,
    IncidentService incidents,
    ReplicaOptions options,
    TimeProvider time,
    ILogger<ReplicaIncidentStartup> logger) : BackgroundService
{
    private volatile bool _holdsBackground;

    /// <summary>Whether this replica did the background work at its last tick.</summary>
    public bool HoldsBackgroundLease => _holdsBackground;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await TickAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Two loops, so that a long recovery (a plan's rollout wait) never delays the lease renewals: were the liveness lease
    /// to lapse meanwhile, another replica would take this one's live work for abandoned.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            EveryIntervalAsync(RenewAsync, "renewing leases", stoppingToken),
            EveryIntervalAsync(async ct => { if (_holdsBackground) { await WorkAsync(ct).ConfigureAwait(false); } }, "background work", stoppingToken));

    private async Task EveryIntervalAsync(Func<CancellationToken, Task> round, string what, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        while (await NextTickAsync(timer, stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await round(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "replica {Replica}: {What} failed: {Message}", replicas.Replica, what, e.Message);
            }
        }
    }

    // Stopping (or the host being disposed under the timer) ends the loop quietly.
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// One round: renew this replica's leases; when it holds the background lease, recover abandoned incidents, complete
    /// approvals whose votes were recorded on different replicas at once, and expire approvals.
    /// </summary>
    public async Task<(bool Background, int Recovered, int Completed, int Expired)> TickAsync(CancellationToken cancellationToken)
    {
        await RenewAsync(cancellationToken).ConfigureAwait(false);
        if (!_holdsBackground)
        {
            return (false, 0, 0, 0);
        }
        var (recovered, completed, expired) = await WorkAsync(cancellationToken).ConfigureAwait(false);
        return (true, recovered, completed, expired);
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var replica = replicas.Replica;
        await store.TryAcquireLeaseAsync(ReplicaLeases.Liveness(replica), replica, options.LeaseTtl, cancellationToken).ConfigureAwait(false);
        var holds = await store.TryAcquireLeaseAsync(ReplicaLeases.Background, replica, options.LeaseTtl, cancellationToken).ConfigureAwait(false);
        if (holds != _holdsBackground)
        {
            logger.LogInformation(holds ? "replica {Replica} took the background lease: it expires approvals and recovers abandoned incidents" : "replica {Replica} no longer holds the background lease", replica);
            _holdsBackground = holds;
        }
    }

    private async Task<(int Recovered, int Completed, int Expired)> WorkAsync(CancellationToken cancellationToken)
    {
        var recovered = await RecoverAbandonedAsync(cancellationToken).ConfigureAwait(false);
        var completed = await CompleteRecordedApprovalsAsync(cancellationToken).ConfigureAwait(false);
        var expired = 0;
        try
        {
            expired = await incidents.ExpireDueAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IncidentConflictException e)
        {
            logger.LogInformation("expiry skipped {Incident} this round: {Message}", e.IncidentId, e.Message); // a press on another replica won
        }
        if (expired > 0)
        {
            logger.LogInformation("{Count} incident(s) expired awaiting approval", expired);
        }
        return (recovered, completed, expired);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_holdsBackground)
        {
            try
            {
                await store.ReleaseLeaseAsync(ReplicaLeases.Background, replicas.Replica, cancellationToken).ConfigureAwait(false);
                _holdsBackground = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("replica {Replica} could not hand back the background lease (it expires by itself): {Message}", replicas.Replica, e.Message);
            }
        }
        // The liveness lease is left to expire: work this process left mid-way is recovered by another replica then.
    }

    private async Task<int> RecoverAbandonedAsync(CancellationToken cancellationToken)
    {
        var recovered = 0;
        foreach (var id in await replicas.AbandonedIncidentsAsync(cancellationToken).ConfigureAwait(false))
        {
            // A service of its own over a view of the store that lists only this incident: RecoverAsync then touches
            // nothing another replica is working on.
            try
            {
                if (await incidents.RecoverAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    recovered++;
                    logger.LogWarning("replica {Replica} recovered {Incident}, left mid-way by a replica that stopped", replicas.Replica, id);
                }
            }
            catch (Exception e) when (e is IncidentConflictException or ExecutionClaimedException)
            {
                logger.LogInformation("recovery of {Incident} skipped: {Message}", id, e.Message);
            }
        }
        return recovered;
    }

    /// <summary>
    /// Two approvers pressing one two-person proposal at the same moment on two replicas each see the other's vote
    /// missing: both votes are recorded, neither press completes the approval. The record does satisfy the policy, so
    /// the lease holder completes it (as <see cref="ApprovalPolicy.FromRecord"/> would after a restart) and advances the
    /// incident; execution claims and versioned updates keep that to one execution if a press completes it meanwhile.
    /// </summary>
    private async Task<int> CompleteRecordedApprovalsAsync(CancellationToken cancellationToken)
    {
        var policy = incidents.Runtime.Policy;
        var completed = 0;
        foreach (var incident in await store.ListAsync([IncidentState.AwaitingApproval], cancellationToken).ConfigureAwait(false))
        {
            var approved = new List<string>();
            foreach (var proposal in (await store.ProposalsAsync(incident.Id, cancellationToken).ConfigureAwait(false)).Where(p => p.Undecided))
            {
                var votes = await store.VotesAsync(incident.Id, proposal.Id, cancellationToken).ConfigureAwait(false);
                var standing = new ProposalStanding(proposal.Proposal, incident.Requester, proposal.ProposedAt, votes, AwaitingApproval: true, Executed: false);
                if (votes.Count > 0 && !policy.IsExpired(standing) && policy.FromRecord(standing) is { } approval)
                {
                    await store.SetProposalStatusAsync(incident.Id, proposal.Id, ProposalStatus.Approved, cancellationToken).ConfigureAwait(false);
                    await incidents.Runtime.AuditAsync(incident, "meshbot", AuditKinds.Approval,
                        $"{proposal.Id}: approved by {string.Join(" and ", approval.Approvals.Select(a => a.Actor))} (votes recorded on different replicas at once; completed from the record)", null, cancellationToken).ConfigureAwait(false);
                    approved.Add(proposal.Id);
                }
            }
            if (approved.Count == 0)
            {
                continue;
            }
            completed += approved.Count;
            logger.LogWarning("replica {Replica} completed the approval of {Proposals} of {Incident} from the recorded votes", replicas.Replica, string.Join(", ", approved), incident.Id);
            try
            {
                await incidents.AdvanceAsync(incident.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IncidentConflictException or ExecutionClaimedException)
            {
                logger.LogInformation("{Incident} is advanced by another replica: {Message}", incident.Id, e.Message);
            }
        }
        return completed;
    }
}
