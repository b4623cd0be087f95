using System.Collections.Concurrent;
using System.Text.Json;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;

namespace MeshBot.Bot.Adapters.Alertmanager;

/// <summary>The audit kinds this adapter writes.</summary>
internal static class AlertAuditKinds
{
    /// <summary>The label sets of the alerts of the incident's group (DetailJson <c>{"groupKey":…,"alerts":[{label:value,…},…]}</c>).</summary>
    public const string Alert = "alert";

    /// <summary>A silence created for the incident (DetailJson <c>{"silenceId":…,"startsAt":…,"endsAt":…,"matchers":{…}}</c>).</summary>
    public const string Silence = "silence";

    /// <summary>A silence MeshBot expired (DetailJson <c>{"silenceId":…}</c>).</summary>
    public const string SilenceExpired = "silence-expired";
}

/// <summary>
/// Remembers the exact label sets of each alert group's alerts, so that a silence can match exactly those alerts. No
/// table of its own: the sets go into the incident's audit trail (kind <c>alert</c>), written as soon as the incident is
/// opened — the receiver stages them by groupKey, and this observer records them on <see cref="IncidentOpened"/>,
/// before the diagnosis starts — and again whenever a later notification of the group brings new alerts (the latest
/// entry holds them all).
/// </summary>
internal sealed class AlertLabels(IIncidentStore store, TimeProvider time, ILogger<AlertLabels> logger) : IIncidentObserver
{
    /// <summary>At most this many distinct alerts are remembered (and silenced) per group.</summary>
    public const int MaxAlerts = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> _staged = new(StringComparer.Ordinal);

    /// <summary>Called by the receiver before it queues the open: these alerts belong to this group.</summary>
    public void Stage(string groupKey, IReadOnlyList<IReadOnlyDictionary<string, string>> alerts) =>
        _staged.AddOrUpdate(groupKey, alerts, (_, staged) => Merge(staged, alerts));

    public async Task OnEventAsync(IncidentEvent incidentEvent, CancellationToken cancellationToken)
    {
        if (incidentEvent is not IncidentOpened { Incident: { GroupKey: { } groupKey } incident } || !_staged.TryRemove(groupKey, out var staged))
        {
            return;
        }
        try
        {
            var known = await ReadAsync(incident.Id, cancellationToken).ConfigureAwait(false);
            var all = Merge(known, staged);
            if (all.Count == known.Count)
            {
                return;
            }
            var detail = JsonSerializer.Serialize(new Detail(groupKey, all), Json);
            await store.AppendAuditAsync(new AuditEntry(0, time.GetUtcNow(), incident.Id, incident.CorrelationId, "alertmanager", AlertAuditKinds.Alert,
                $"alert group {groupKey}: {all.Count} alert(s)", detail), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An observer must never stop the workflow; without the labels a silence is refused with a clear reason.
            logger.LogWarning(e, "alert labels of {Incident} not recorded: {Message}", incident.Id, e.Message);
        }
    }

    /// <summary>The label sets of the incident's alerts, empty when it did not come from Alertmanager.</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> ReadAsync(string incidentId, CancellationToken cancellationToken)
    {
        string? latest = null;
        await foreach (var entry in store.AuditAsync(incidentId, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Kind == AlertAuditKinds.Alert && entry.DetailJson is not null)
            {
                latest = entry.DetailJson;
            }
        }
        return latest is null ? [] : JsonSerializer.Deserialize<Detail>(latest, Json)?.Alerts ?? [];
    }

    private static List<IReadOnlyDictionary<string, string>> Merge(IReadOnlyList<IReadOnlyDictionary<string, string>> first, IReadOnlyList<IReadOnlyDictionary<string, string>> second)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return first.Concat(second).Where(labels => labels.Count > 0 && seen.Add(Key(labels))).Take(MaxAlerts).ToList();
    }

    private static string Key(IReadOnlyDictionary<string, string> labels) =>
        string.Join('\u00ff', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}\u00fe{l.Value}"));

    private sealed record Detail(string GroupKey, IReadOnlyList<IReadOnlyDictionary<string, string>> Alerts);
}
