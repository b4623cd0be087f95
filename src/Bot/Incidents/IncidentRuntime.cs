using MeshBot.Bot.Incidents.Store;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Incidents;

/// <summary>What the workflow works with: the store, the cluster (read and write), the engine, the policy, the clock, the observers.</summary>
public sealed record IncidentRuntime(
    IIncidentStore Store,
    IClusterSource Cluster,
    IClusterWriter Writer,
    Diagnoser Diagnoser,
    ApprovalPolicy Policy,
    TimeProvider Time,
    IReadOnlyList<IIncidentObserver> Observers,
    RolloutWaitOptions? Waits = null)
{
    public RemediationExecutor Executor { get; } = new(Writer, Time, Waits);

    public async Task NotifyAsync(IncidentEvent incidentEvent, CancellationToken cancellationToken)
    {
        foreach (var observer in Observers)
        {
            await observer.OnEventAsync(incidentEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task AuditAsync(Incident? incident, string actor, string kind, string summary, string? detailJson, CancellationToken cancellationToken) =>
        Store.AppendAuditAsync(new AuditEntry(0, Time.GetUtcNow(), incident?.Id, incident?.CorrelationId, actor, kind, summary, detailJson), cancellationToken);
}
