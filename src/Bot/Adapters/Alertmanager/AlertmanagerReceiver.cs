using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Hosting;
using MeshBot.Bot.Incidents;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Bot.Adapters.Alertmanager;

/// <summary>
/// <c>POST /alertmanager</c>, Alertmanager's <c>webhook_config</c> receiver. In order: the bearer token (constant-time;
/// missing or wrong → 401), the body size (over 1 MiB → 413), the payload (UTF-8 JSON, version "4", every field it uses
/// well typed; otherwise 400 with the reason, never a 5xx, which Alertmanager would retry for ever). Each refusal is
/// counted in <c>meshbot_webhook_rejections_total</c> and nothing is queued. Then one notification = one alert group: firing opens (or, for a known groupKey, updates) the
/// group's incident and its triage thread — and re-diagnoses it when the group had resolved — resolved marks it
/// AlertResolved. The incident is recorded before the answer (200), so a crash loses nothing; the diagnosis and thread
/// posts are queued behind the incident's earlier work, in arrival order. While the bot shuts down: 503.
/// </summary>
internal sealed class AlertmanagerReceiver(
    AlertmanagerOptions options,
    IncidentService incidents,
    BackgroundWork background,
    AlertLabels labels,
    AlertThreadDestinations destinations,
    MeshBotMetrics metrics,
    ILogger<AlertmanagerReceiver> logger)
{
    public const string Endpoint = "alertmanager";

    private readonly byte[] _expectedTokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.BearerToken));

    public async Task HandleAsync(HttpContext http)
    {
        if (!Authenticated(http.Request, out var authProblem))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await RejectAsync(http, StatusCodes.Status401Unauthorized, authProblem, authProblem == "missing-token" ? "an Authorization: Bearer token is required" : "the bearer token is not MeshBot's").ConfigureAwait(false);
            return;
        }
        byte[]? body;
        try
        {
            body = await CappedBody.ReadAsync(http.Request, AlertmanagerOptions.MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Broken framing (a bad chunk, a short body): Kestrel would answer 400 anyway; count it as the refusal it is.
            await RejectAsync(http, StatusCodes.Status400BadRequest, "unreadable-body", e.Message).ConfigureAwait(false);
            return;
        }
        if (body is null)
        {
            await RejectAsync(http, StatusCodes.Status413PayloadTooLarge, "too-large", $"the body is larger than {AlertmanagerOptions.MaxBodyBytes} bytes").ConfigureAwait(false);
            return;
        }
        if (!WebhookMessage.TryParse(body, out var message, out var rejection, out var problem))
        {
            await RejectAsync(http, StatusCodes.Status400BadRequest, rejection, problem).ConfigureAwait(false);
            return;
        }

        try
        {
            if (!background.Accepting)
            {
                throw new InvalidOperationException("the bot is shutting down");
            }
            var answer = message!.Firing ? await FiringAsync(message, http.RequestAborted).ConfigureAwait(false) : await ResolvedAsync(message, http.RequestAborted).ConfigureAwait(false);
            await WriteAsync(http, StatusCodes.Status200OK, answer).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            // BackgroundWork refuses new work while the bot shuts down: 503, which Alertmanager retries (any 5xx).
            await RejectAsync(http, StatusCodes.Status503ServiceUnavailable, "shutting-down", e.Message).ConfigureAwait(false);
        }
    }

    private async Task<JsonObject> FiringAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var (request, labelSource, problem) = Request(message, notes);
        foreach (var note in notes)
        {
            logger.LogInformation("alert group {GroupKey}: {Note}", message.GroupKey, note);
        }
        if (request is null)
        {
            // Answer 200, not 4xx: the payload is valid, only its labels do not name a target. Alertmanager does not
            // retry a 4xx within one flush, but it records the notification as failed, logs an error against this
            // receiver, counts alertmanager_notifications_failed_total, and sends the same group again at every
            // group_interval for as long as the alerts fire — noise that blames the receiver for a labelling problem.
            // The skip is logged here and counted instead (meshbot_alertmanager_notifications_total{action="skipped"}).
            logger.LogWarning("alert group {GroupKey} skipped: {Problem} (commonLabels: {Labels})", message.GroupKey, problem, Describe(message.CommonLabels));
            Count(message, "skipped");
            return new JsonObject { ["action"] = "skipped", ["groupKey"] = message.GroupKey, ["reason"] = problem };
        }

        var firing = message.Alerts.Where(a => a.Status == "firing").Select(a => a.Labels).ToArray();
        labels.Stage(message.GroupKey, firing.Length > 0 ? firing : message.Alerts.Select(a => a.Labels).ToArray());
        var thread = destinations.Write();
        var groupKey = message.GroupKey;
        // Recorded before the answer, so that the notification survives a crash (recovery diagnoses Received incidents);
        // what follows is queued behind the incident's earlier work.
        var (incident, created) = await incidents.ReceiveAsync(request, "alertmanager", "alert", groupKey, thread, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            logger.LogInformation("alert group {GroupKey} opened {Incident}", groupKey, incident);
            background.Enqueue(incident.Id, $"alert group {groupKey}: diagnose {request.Target}", ct => incidents.DiagnoseReceivedAsync(incident.Id, ct));
        }
        else if (incident.State == IncidentState.AlertResolved)
        {
            // Alertmanager said the group resolved and now says it fires again: the problem is back. Same incident,
            // same thread, a fresh walk of the runbook. (A Resolved incident is left alone: alerts lag a verified fix.)
            logger.LogInformation("alert group {GroupKey} fires again after it resolved: re-diagnosing {Incident}", groupKey, incident);
            background.Enqueue(incident.Id, $"alert group {groupKey}: fires again", async ct =>
            {
                await incidents.RepeatAsync(incident, ct).ConfigureAwait(false);
                await incidents.RediagnoseAsync(incident.Id, "alertmanager", ct).ConfigureAwait(false);
            });
        }
        else
        {
            logger.LogInformation("alert group {GroupKey} notified again: {Incident}", groupKey, incident);
            background.Enqueue(incident.Id, $"alert group {groupKey}: notified again", ct => incidents.RepeatAsync(incident, ct));
        }
        Count(message, "open");
        return new JsonObject
        {
            ["action"] = "open",
            ["groupKey"] = groupKey,
            ["incident"] = incident.Id,
            ["target"] = request.Target.ToString(),
            ["source"] = request.Source?.ToString(),
            ["port"] = request.Port,
            ["labels"] = labelSource,
        };
    }

    private async Task<JsonObject> ResolvedAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        var groupKey = message.GroupKey;
        var incident = await incidents.Runtime.Store.FindByGroupKeyAsync(groupKey, cancellationToken).ConfigureAwait(false);
        if (incident is null)
        {
            logger.LogInformation("alert group {GroupKey} resolved; it has no incident", groupKey);
        }
        else
        {
            background.Enqueue(incident.Id, $"alert group {groupKey}: resolved", async ct =>
            {
                await incidents.AlertResolvedAsync(groupKey, ct).ConfigureAwait(false);
                logger.LogInformation("alert group {GroupKey} resolved: {Incident}", groupKey, incident);
            });
        }
        Count(message, "resolve");
        return new JsonObject { ["action"] = "resolve", ["groupKey"] = groupKey };
    }

    /// <summary>
    /// The request the group's labels describe: from <c>commonLabels</c> when they name a target (what every alert of
    /// the group shares), else from the first firing alert's labels (a group whose alerts span namespaces).
    /// </summary>
    private (DiagnosisRequest? Request, string LabelSource, string Problem) Request(WebhookMessage message, List<string> notes)
    {
        var fromCommon = options.LabelMap.Map(message.CommonLabels, notes, out var problem);
        if (fromCommon is not null)
        {
            return (fromCommon, "commonLabels", "");
        }
        var first = message.Alerts.FirstOrDefault(a => a.Status == "firing") ?? message.Alerts.FirstOrDefault();
        if (first is null)
        {
            return (null, "", $"{problem} (the notification has no alerts)");
        }
        var fromAlert = options.LabelMap.Map(first.Labels, notes, out problem);
        return (fromAlert, "first alert", problem);
    }

    private bool Authenticated(HttpRequest request, out string problem)
    {
        problem = "";
        var headers = request.Headers.Authorization;
        const string Scheme = "Bearer ";
        if (headers.Count != 1 || headers[0] is not { } header || header.Length <= Scheme.Length || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            problem = "missing-token";
            return false;
        }
        // Compare fixed-length digests in constant time: neither the content nor the length of the token leaks.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        if (!CryptographicOperations.FixedTimeEquals(presented, _expectedTokenHash))
        {
            problem = "wrong-token";
            return false;
        }
        return true;
    }

    private async Task RejectAsync(HttpContext http, int status, string reason, string problem)
    {
        metrics.WebhookRejected(Endpoint, reason);
        logger.LogWarning("POST /alertmanager refused ({Status} {Reason}): {Problem}", status, reason, problem);
        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            // The rest of an oversized body is not read; close the connection rather than drain it.
            http.Response.Headers.Connection = "close";
        }
        await WriteAsync(http, status, new JsonObject { ["error"] = reason, ["reason"] = problem }).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted).ConfigureAwait(false);
    }

    private void Count(WebhookMessage message, string action) =>
        metrics.Count("meshbot_alertmanager_notifications_total", "Alertmanager notifications accepted, by group status and what MeshBot did with them.", 1,
            ("status", message.Status), ("action", action));

    private static string Describe(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? "{}" : "{" + string.Join(", ", labels.Take(20).Select(l => $"{l.Key}=\"{(l.Value.Length > 60 ? l.Value[..60] + "…" : l.Value)}\"")) + "}";
}
