using ThreadState = MeshBot.Bot.Chat.ThreadState;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Bot.Incidents.Store.Postgres;
using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Operations.Replicas;

/// <summary>
/// Makes the existing workflow safe when several replicas share one store, without changing the workflow. Every call
/// passes through to the inner store except two:
/// <list type="bullet">
/// <item><b>The first step of a proposal's execution</b> (<see cref="RecordStepAsync"/> of step 0 as
/// <see cref="StepStatus.Started"/> — the executor journals it before its first write) first claims the execution
/// for this replica (<see cref="IIncidentStore.TryClaimExecutionAsync"/>: a unique key in the database). When another
/// replica holds the claim it throws <see cref="ExecutionClaimedException"/>, so nothing of the plan runs here: two
/// approvers pressing on two replicas, or one approval reaching <c>AdvanceAsync</c> on two replicas, execute once.
/// Together with the version check of the PostgreSQL store's <c>UpdateAsync</c> (the loser's stale transition is
/// refused), the loser neither writes to the cluster nor moves the incident.</item>
/// <item><b>An alert group that already has an incident</b> (<see cref="CreateAsync"/> returning Created false) is
/// handed back, while it is still Received, without the chat threads whose head message is not posted yet: the replica
/// that created the incident is posting them. Otherwise a duplicate Alertmanager delivery reaching another replica in
/// that instant would start a second thread for the same group.</item>
/// </list>
/// </summary>
public sealed class ReplicaSafeIncidentStore(IIncidentStore inner, string replica) : ForwardingIncidentStore(inner)
{
    public string Replica => replica;

    public override async Task RecordStepAsync(string incidentId, string proposalId, StepOutcome step, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (step is { Index: 0, Status: StepStatus.Started }
            && !await Inner.TryClaimExecutionAsync(incidentId, proposalId, replica, cancellationToken).ConfigureAwait(false))
        {
            throw new ExecutionClaimedException(incidentId, proposalId);
        }
        await Inner.RecordStepAsync(incidentId, proposalId, step, at, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<(Incident Incident, bool Created)> CreateAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        var (stored, created) = await Inner.CreateAsync(incident, cancellationToken).ConfigureAwait(false);
        // Only while the incident is still Received: its creator posts the head before the diagnosis starts. Later, a
        // head that is still missing means posting it failed, and another notification may try again.
        if (!created && stored.State == IncidentState.Received && stored.Thread is { Length: > 0 } json)
        {
            var threads = ThreadState.Read(json);
            var posted = threads.Where(t => t.Head is not null).ToList();
            if (posted.Count != threads.Count)
            {
                stored.Thread = posted.Count == 0 ? null : ThreadState.Write(posted);
            }
        }
        return (stored, created);
    }
}
