using System.Collections.Concurrent;
using MeshBot.Bot.Incidents;

namespace MeshBot.Bot.Hosting;

/// <summary>Feeds the diagnosis-duration histogram: from entering the runbook walk to the diagnosis (or its failure).</summary>
public sealed class DiagnosisTiming(MeshBotMetrics metrics, TimeProvider time) : IIncidentObserver
{
    private readonly ConcurrentDictionary<string, long> _started = new(StringComparer.Ordinal);

    public Task OnEventAsync(IncidentEvent incidentEvent, CancellationToken cancellationToken)
    {
        switch (incidentEvent)
        {
            case IncidentStateChanged { To: IncidentState.DiagnosingSidecarMissing } e:
                _started[e.Incident.Id] = time.GetTimestamp();
                break;
            case IncidentDiagnosed or DiagnosisFailed when _started.TryRemove(incidentEvent.Incident.Id, out var start):
                metrics.DiagnosisDuration(time.GetElapsedTime(start));
                break;
        }
        return Task.CompletedTask;
    }
}
