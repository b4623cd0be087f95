using System.Globalization;
using System.Text.Json;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;

namespace MeshBot.Bot.Adapters.Alertmanager;

/// <summary>
/// <c>silence INCIDENT 2h</c> and the <c>silence:INCIDENT</c> button: one Alertmanager silence per alert of the incident's
/// group, whose matchers are exactly that alert's labels (equality, no regex), so nothing else is silenced. Created by
/// the person who asked, from now for the duration, with a comment naming the incident; each silence id goes into the
/// audit trail (kind <c>silence</c>) so <see cref="SilenceExpiry"/> can expire it once the fix is verified. All or
/// nothing: when one silence fails, those already created are expired again and the press is refused with the reason.
/// </summary>
internal sealed class AlertmanagerSilences(IIncidentStore store, AlertLabels labels, AlertmanagerClient alertmanager, TimeProvider time, ILogger<AlertmanagerSilences> logger) : ISilences
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ChatResponse> SilenceAsync(string incidentId, TimeSpan duration, ChatActor actor, CancellationToken cancellationToken)
    {
        if (duration < TimeSpan.FromMinutes(1) || duration > MaxDuration)
        {
            return new ChatResponse($"A silence lasts between one minute and {MaxDuration.TotalDays} days.", true);
        }
        var incident = await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (incident is null)
        {
            return new ChatResponse($"no incident {incidentId}", true);
        }
        var alerts = await labels.ReadAsync(incident.Id, cancellationToken).ConfigureAwait(false);
        if (alerts.Count == 0)
        {
            return new ChatResponse(incident.Origin == "alert"
                ? $"The alerts of {incident.Id} are not recorded yet; try again in a moment."
                : $"{incident.Id} was opened by a {incident.Origin}, not by an Alertmanager alert: there is nothing to silence.", true);
        }

        var startsAt = time.GetUtcNow();
        var endsAt = startsAt + duration;
        var comment = $"MeshBot incident {incident.Id} ({incident.Request.Target}): silenced by {actor} for {Describe(duration)}. `status {incident.Id}` in chat; MeshBot expires this silence when the fix is verified.";
        var created = new List<(string Id, IReadOnlyDictionary<string, string> Labels)>();
        try
        {
            foreach (var alert in alerts)
            {
                created.Add((await alertmanager.CreateSilenceAsync(alert, startsAt, endsAt, actor.ToString(), comment, cancellationToken).ConfigureAwait(false), alert));
            }
            foreach (var (id, alert) in created)
            {
                var detail = JsonSerializer.Serialize(new { silenceId = id, startsAt, endsAt, matchers = alert }, Json);
                await store.AppendAuditAsync(new AuditEntry(0, startsAt, incident.Id, incident.CorrelationId, actor.UserId, AlertAuditKinds.Silence,
                    $"silence {id} until {endsAt:yyyy-MM-dd HH:mm}Z for {string.Join(", ", alert.Select(l => $"{l.Key}=\"{l.Value}\""))}", detail), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Alertmanager refused or did not answer, or the audit trail could not record the silence (then it could never
            // be expired by MeshBot): leave nothing behind.
            await RollBackAsync(incident.Id, created.Select(c => c.Id)).ConfigureAwait(false);
            logger.LogWarning("silence for {Incident} by {Actor} failed: {Message}", incident.Id, actor, e.Message);
            var reason = e is AlertmanagerException ? e.Message : $"the silence could not be recorded ({e.Message})";
            return new ChatResponse($"No silence was created for {incident.Id}: {reason}", true);
        }

        var links = string.Join("\n", created.Select(c => $"• `{c.Id}` {alertmanager.SilenceLink(c.Id)}"));
        var what = created.Count == 1 ? "its alert" : $"its {created.Count} alerts";
        return new ChatResponse($"Silenced {what} of {incident.Id} for {Describe(duration)}, until {endsAt:yyyy-MM-dd HH:mm}Z; MeshBot expires the silence once the fix is verified.\n{links}");
    }

    private async Task RollBackAsync(string incidentId, IEnumerable<string> silenceIds)
    {
        foreach (var id in silenceIds)
        {
            try
            {
                await alertmanager.ExpireSilenceAsync(id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AlertmanagerException e)
            {
                logger.LogWarning("silence {Silence} of {Incident} could not be expired after a failed request: {Message}", id, incidentId, e.Message);
            }
        }
    }

    internal static string Describe(TimeSpan duration) =>
        duration.TotalDays >= 1 && duration.TotalDays == Math.Floor(duration.TotalDays) ? $"{duration.TotalDays.ToString(CultureInfo.InvariantCulture)}d"
        : duration.TotalHours >= 1 && duration.TotalHours == Math.Floor(duration.TotalHours) ? $"{duration.TotalHours.ToString(CultureInfo.InvariantCulture)}h"
        : $"{Math.Ceiling(duration.TotalMinutes).ToString(CultureInfo.InvariantCulture)}m";
}
