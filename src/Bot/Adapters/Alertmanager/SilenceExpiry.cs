using System.Text.Json;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;

namespace MeshBot.Bot.Adapters.Alertmanager;

/// <summary>
/// When an incident's fix is verified (state Resolved), expires the Alertmanager silences MeshBot created for it, so a
/// recurrence pages again instead of staying muted until the silence runs out. Runs as background work: the workflow
/// never waits on Alertmanager, and a failure is logged, never thrown into the workflow.
/// </summary>
internal sealed class SilenceExpiry(IIncidentStore store, AlertmanagerClient alertmanager, BackgroundWork background, TimeProvider time, ILogger<SilenceExpiry> logger) : IIncidentObserver
{
    public Task OnEventAsync(IncidentEvent incidentEvent, CancellationToken cancellationToken)
    {
        if (incidentEvent is IncidentStateChanged { To: IncidentState.Resolved } e)
        {
            try
            {
                background.Enqueue(e.Incident.Id, $"expire the silences of {e.Incident.Id}", ct => ExpireAsync(e.Incident, ct));
            }
            catch (InvalidOperationException ex)
            {
                logger.LogWarning("silences of {Incident} not expired: {Message}", e.Incident.Id, ex.Message);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Expires every silence of the incident not yet expired by MeshBot; returns how many it expired.</summary>
    public async Task<int> ExpireAsync(Incident incident, CancellationToken cancellationToken)
    {
        var open = new List<string>();
        await foreach (var entry in store.AuditAsync(incident.Id, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Kind is not (AlertAuditKinds.Silence or AlertAuditKinds.SilenceExpired) || entry.DetailJson is null || SilenceId(entry.DetailJson) is not { } id)
            {
                continue;
            }
            if (entry.Kind == AlertAuditKinds.Silence)
            {
                open.Add(id);
            }
            else if (entry.Kind == AlertAuditKinds.SilenceExpired)
            {
                open.Remove(id);
            }
        }
        var expired = 0;
        foreach (var id in open)
        {
            try
            {
                var known = await alertmanager.ExpireSilenceAsync(id, cancellationToken).ConfigureAwait(false);
                await store.AppendAuditAsync(new AuditEntry(0, time.GetUtcNow(), incident.Id, incident.CorrelationId, "meshbot", AlertAuditKinds.SilenceExpired,
                    known ? $"silence {id} expired: the fix is verified" : $"silence {id} is no longer known to Alertmanager",
                    JsonSerializer.Serialize(new Dictionary<string, string> { ["silenceId"] = id })), cancellationToken).ConfigureAwait(false);
                expired += known ? 1 : 0;
            }
            catch (AlertmanagerException e)
            {
                logger.LogWarning("silence {Silence} of {Incident} not expired: {Message}", id, incident.Id, e.Message);
            }
        }
        if (expired > 0)
        {
            logger.LogInformation("expired {Count} silence(s) of {Incident}: its fix is verified", expired, incident.Id);
        }
        return expired;
    }

    private static string? SilenceId(string detailJson)
    {
        try
        {
            using var detail = JsonDocument.Parse(detailJson);
            return detail.RootElement.ValueKind == JsonValueKind.Object && detail.RootElement.TryGetProperty("silenceId", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
