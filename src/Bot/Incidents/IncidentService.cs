using System.Collections.Concurrent;
using System.Security.Cryptography;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Approval;

namespace MeshBot.Bot.Incidents;

/// <summary>
/// The incident workflow's verbs: open (one incident per command or alert group), press Approve/Reject, escalate,
/// re-diagnose, alert resolved, expire due approvals, and recover after a restart. Work on one incident is
/// serialised; different incidents proceed in parallel.
/// </summary>
public sealed class IncidentService
{
    private readonly IncidentRuntime _runtime;
    private readonly IncidentTransitions _transitions;
    private readonly IncidentDiagnosis _diagnosis;
    private readonly IncidentExecution _execution;
    private readonly IncidentRecovery _recovery;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public IncidentService(IncidentRuntime runtime)
    {
        _runtime = runtime;
        _transitions = new IncidentTransitions(runtime);
        _diagnosis = new IncidentDiagnosis(runtime, _transitions);
        _execution = new IncidentExecution(runtime, _transitions, _diagnosis);
        _recovery = new IncidentRecovery(runtime, _transitions, _diagnosis, _execution, DiagnoseAsync);
    }

    public IncidentRuntime Runtime => _runtime;

    /// <summary>Opens an incident and diagnoses it; for an alert group that already has one, returns that one (Created false).</summary>
    /// <param name="thread">Where the incident's chat threads go (see <c>Chat.ThreadState</c>); null for none.</param>
    public async Task<(Incident Incident, bool Created)> OpenAsync(DiagnosisRequest request, string requester, string origin, string? groupKey = null, CancellationToken cancellationToken = default, string? thread = null)
    {
        var (incident, created) = await ReceiveAsync(request, requester, origin, groupKey, thread, cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            await RepeatAsync(incident, cancellationToken).ConfigureAwait(false);
            return (incident, false);
        }
        await WithLockAsync(incident.Id, () => DiagnoseAsync(incident, requester, cancellationToken), cancellationToken).ConfigureAwait(false);
        return (incident, true);
    }

    /// <summary>
    /// Records a request as a Received incident, and nothing else, so that a chat or alert adapter can acknowledge at once
    /// knowing the request survives a crash (recovery diagnoses Received incidents). For an alert group that already has
    /// an incident, returns that one (Created false). Follow with <see cref="DiagnoseReceivedAsync"/> or <see cref="RepeatAsync"/>.
    /// </summary>
    public async Task<(Incident Incident, bool Created)> ReceiveAsync(DiagnosisRequest request, string requester, string origin, string? groupKey, string? thread, CancellationToken cancellationToken = default)
    {
        var now = _runtime.Time.GetUtcNow();
        var (incident, created) = await _runtime.Store.CreateAsync(new Incident
        {
            Id = "inc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
            CorrelationId = Guid.NewGuid().ToString("N"),
            Origin = origin,
            GroupKey = groupKey,
            Requester = requester,
            Request = request,
            Thread = thread,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            await _runtime.AuditAsync(incident, requester, AuditKinds.Request, $"{origin}: diagnose {request.Target}{(request.Source is null ? "" : $" from {request.Source}")}{(request.Port is null ? "" : $" port {request.Port}")}", null, cancellationToken).ConfigureAwait(false);
        }
        return (incident, created);
    }

    /// <summary>Opens the thread of a Received incident and diagnoses it; does nothing once it has moved on (it was already diagnosed).</summary>
    public Task<bool> DiagnoseReceivedAsync(string incidentId, CancellationToken cancellationToken = default) =>
        WithIncidentAsync(incidentId, async incident =>
        {
            if (incident.State != IncidentState.Received)
            {
                return false;
            }
            await DiagnoseAsync(incident, incident.Requester, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>The same alert group notified again: its thread says so. <paramref name="incident"/> is as <see cref="ReceiveAsync"/> returned it.</summary>
    public Task RepeatAsync(Incident incident, CancellationToken cancellationToken = default) =>
        WithLockAsync(incident.Id, () => _runtime.NotifyAsync(new IncidentOpened(incident, false), cancellationToken), cancellationToken);

    /// <summary>
    /// A button press. With <paramref name="advance"/> (the default) a decision that completes runs the plan before
    /// returning; chat adapters pass false, answer the presser at once, and call <see cref="AdvanceAsync"/> in the background.
    /// </summary>
    public Task<ApprovalOutcome> PressAsync(string incidentId, string proposalId, string actor, VoteKind kind, CancellationToken cancellationToken = default, bool advance = true) =>
        WithIncidentAsync(incidentId, incident => _execution.PressAsync(incident, proposalId, actor, kind, advance, cancellationToken), cancellationToken);

    /// <summary>Executes whatever approved proposals are due, then settles (verifies) the incident when nothing is left undecided.</summary>
    public Task AdvanceAsync(string incidentId, CancellationToken cancellationToken = default) =>
        WithIncidentAsync(incidentId, async incident =>
        {
            await _execution.AdvanceAsync(incident, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<bool> EscalateAsync(string incidentId, string actor, CancellationToken cancellationToken = default) =>
        WithIncidentAsync(incidentId, incident => _transitions.FireAsync(incident, IncidentTrigger.Escalate, actor, cancellationToken), cancellationToken);

    public Task<bool> RediagnoseAsync(string incidentId, string actor, CancellationToken cancellationToken = default) =>
        WithIncidentAsync(incidentId, async incident =>
        {
            if (!IncidentTransitions.Can(incident, IncidentTrigger.Rediagnose))
            {
                return false;
            }
            await _diagnosis.RunAsync(incident, IncidentTrigger.Rediagnose, actor, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Alertmanager says the group resolved: the open incident says so and stops.</summary>
    public async Task<Incident?> AlertResolvedAsync(string groupKey, CancellationToken cancellationToken = default)
    {
        var incident = await _runtime.Store.FindByGroupKeyAsync(groupKey, cancellationToken).ConfigureAwait(false);
        if (incident is null)
        {
            return null;
        }
        await WithIncidentAsync(incident.Id, async i =>
        {
            if (await _transitions.FireAsync(i, IncidentTrigger.AlertResolved, "alertmanager", cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
            await _runtime.AuditAsync(i, "alertmanager", AuditKinds.Request, $"alert group resolved while the incident is {i.State}", null, cancellationToken).ConfigureAwait(false);
            await _runtime.NotifyAsync(new AlertCleared(i), cancellationToken).ConfigureAwait(false);
            return false;
        }, cancellationToken).ConfigureAwait(false);
        return await _runtime.Store.GetAsync(incident.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Incidents whose undecided proposals are all past <c>MeshBot:Approval:Expiry</c> become Expired.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken = default)
    {
        var expired = 0;
        foreach (var waiting in await _runtime.Store.ListAsync([IncidentState.AwaitingApproval], cancellationToken).ConfigureAwait(false))
        {
            expired += await WithIncidentAsync(waiting.Id, async incident =>
            {
                var undecided = (await _runtime.Store.ProposalsAsync(incident.Id, cancellationToken).ConfigureAwait(false)).Where(p => p.Undecided).ToArray();
                if (incident.State != IncidentState.AwaitingApproval || undecided.Length == 0
                    || undecided.Any(p => _runtime.Time.GetUtcNow() <= p.ProposedAt + _runtime.Policy.Options.Expiry))
                {
                    return 0;
                }
                foreach (var proposal in undecided)
                {
                    await _runtime.Store.SetProposalStatusAsync(incident.Id, proposal.Id, ProposalStatus.Expired, cancellationToken).ConfigureAwait(false);
                }
                return await _transitions.FireAsync(incident, IncidentTrigger.Expire, "meshbot", cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }, cancellationToken).ConfigureAwait(false);
        }
        return expired;
    }

    /// <summary>
    /// After a restart, every incident a previous process left mid-way (see <see cref="RecoverAsync(string, CancellationToken)"/>),
    /// one after another. Returns how many needed recovering.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var recovered = 0;
        foreach (var id in await RecoverableAsync(cancellationToken).ConfigureAwait(false))
        {
            recovered += await RecoverAsync(id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }
        return recovered;
    }

    /// <summary>Ids of the incidents a process left mid-way: being diagnosed, executed or verified, or approved and not yet executed.</summary>
    public async Task<IReadOnlyList<string>> RecoverableAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        foreach (var incident in await _runtime.Store.ListAsync(IncidentRecovery.States, cancellationToken).ConfigureAwait(false))
        {
            if (incident.State != IncidentState.AwaitingApproval
                || (await _runtime.Store.ProposalsAsync(incident.Id, cancellationToken).ConfigureAwait(false)).Any(p => p.Status == ProposalStatus.Approved))
            {
                ids.Add(incident.Id);
            }
        }
        return ids;
    }

    /// <summary>Recovers one incident a previous process left mid-way (see <see cref="IncidentRecovery"/>); false when it needed nothing.</summary>
    public Task<bool> RecoverAsync(string incidentId, CancellationToken cancellationToken = default) =>
        WithIncidentAsync(incidentId, incident => _recovery.RecoverAsync(incident, cancellationToken), cancellationToken);

    private async Task DiagnoseAsync(Incident incident, string actor, CancellationToken cancellationToken)
    {
        await _runtime.NotifyAsync(new IncidentOpened(incident, true), cancellationToken).ConfigureAwait(false);
        await _diagnosis.RunAsync(incident, IncidentTrigger.Diagnose, actor, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> WithIncidentAsync<T>(string incidentId, Func<Incident, Task<T>> work, CancellationToken cancellationToken) =>
        await WithLockAsync(incidentId, async () =>
        {
            var incident = await _runtime.Store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false)
                ?? throw new KeyNotFoundException($"no incident {incidentId}");
            return await work(incident).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    private async Task WithLockAsync(string incidentId, Func<Task> work, CancellationToken cancellationToken) =>
        await WithLockAsync(incidentId, async () => { await work().ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);

    private async Task<T> WithLockAsync<T>(string incidentId, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(incidentId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
