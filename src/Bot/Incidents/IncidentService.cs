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
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public IncidentService(IncidentRuntime runtime)
    {
        _runtime = runtime;
        _transitions = new IncidentTransitions(runtime);
        _diagnosis = new IncidentDiagnosis(runtime, _transitions);
        _execution = new IncidentExecution(runtime, _transitions, _diagnosis);
    }

    public IncidentRuntime Runtime => _runtime;

    /// <summary>Opens an incident and diagnoses it; for an alert group that already has one, returns that one (Created false).</summary>
    /// <param name="thread">Where the incident's chat threads go (see <c>Chat.ThreadState</c>); null for none.</param>
    public async Task<(Incident Incident, bool Created)> OpenAsync(DiagnosisRequest request, string requester, string origin, string? groupKey = null, CancellationToken cancellationToken = default, string? thread = null)
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
        await _runtime.NotifyAsync(new IncidentOpened(incident, created), cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            return (incident, false);
        }

        await _runtime.AuditAsync(incident, requester, AuditKinds.Request, $"{origin}: diagnose {request.Target}{(request.Source is null ? "" : $" from {request.Source}")}{(request.Port is null ? "" : $" port {request.Port}")}", null, cancellationToken).ConfigureAwait(false);
        await WithLockAsync(incident.Id, () => _diagnosis.RunAsync(incident, IncidentTrigger.Diagnose, requester, cancellationToken), cancellationToken).ConfigureAwait(false);
        return (incident, true);
    }

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
    /// After a restart: a plan that was executing is never silently repeated — the incident becomes RemediationFailed
    /// with the exact record of what was and was not done; an interrupted diagnosis or verification runs again;
    /// AwaitingApproval needs nothing (its buttons keep working from the store).
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var recovered = 0;
        foreach (var stuck in await _runtime.Store.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            recovered += await WithIncidentAsync(stuck.Id, incident => RecoverOneAsync(incident, cancellationToken), cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }
        return recovered;
    }

    private async Task<bool> RecoverOneAsync(Incident incident, CancellationToken cancellationToken)
    {
        switch (incident.State)
        {
            case IncidentState.Executing:
                var steps = await _runtime.Store.StepsAsync(incident.Id, cancellationToken).ConfigureAwait(false);
                var done = string.Join(", ", steps.Where(s => s.Status is Remediation.Execution.StepStatus.Succeeded or Remediation.Execution.StepStatus.Unchanged).Select(s => $"{s.ProposalId} step {s.Index + 1} ({s.Description})"));
                var unknown = string.Join(", ", steps.Where(s => s.Status == Remediation.Execution.StepStatus.Started).Select(s => $"{s.ProposalId} step {s.Index + 1} ({s.Description})"));
                foreach (var proposal in (await _runtime.Store.ProposalsAsync(incident.Id, cancellationToken).ConfigureAwait(false)).Where(p => p.Status == ProposalStatus.Approved))
                {
                    await _runtime.Store.SetProposalStatusAsync(incident.Id, proposal.Id, ProposalStatus.Failed, cancellationToken).ConfigureAwait(false);
                }
                await _runtime.AuditAsync(incident, "meshbot", AuditKinds.Recovery,
                    $"restarted while executing: done: {(done.Length == 0 ? "nothing" : done)}; outcome unknown: {(unknown.Length == 0 ? "nothing" : unknown)}; the rest was not run. Re-diagnose before trying again.", null, cancellationToken).ConfigureAwait(false);
                return await _transitions.FireAsync(incident, IncidentTrigger.ExecutionFailed, "meshbot", cancellationToken).ConfigureAwait(false);
            case IncidentState.Received:
                await _diagnosis.RunAsync(incident, IncidentTrigger.Diagnose, "meshbot", cancellationToken).ConfigureAwait(false);
                return true;
            case >= IncidentState.Diagnosing and <= IncidentState.DiagnosingInjectionWebhook:
                await _diagnosis.RunAsync(incident, IncidentTrigger.Rediagnose, "meshbot", cancellationToken).ConfigureAwait(false);
                return true;
            case IncidentState.Verifying:
                await _diagnosis.VerifyAsync(incident, cancellationToken).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
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
