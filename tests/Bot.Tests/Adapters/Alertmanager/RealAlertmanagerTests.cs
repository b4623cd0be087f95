using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MeshBot.Bot.Adapters.Alertmanager;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Incidents;
using MeshBot.Remediation.Approval;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MeshBot.Bot.Tests.Adapters.Alertmanager;

/// <summary>
/// The whole loop against a real Alertmanager: an alert posted to its <c>/api/v2/alerts</c> reaches MeshBot through the
/// webhook receiver with the bearer token and opens one incident per group; a silence made through ISilences appears in
/// <c>/api/v2/silences</c>, matches exactly the alert's labels and silences it; the verified fix expires it; the alert
/// resolved (endsAt in the past) makes its group's incident AlertResolved.
/// </summary>
public sealed partial class RealAlertmanagerTests(ITestOutputHelper output)
{
    private static readonly ChatActor Alice = new("slack", "alice", "Alice");

    private static Dictionary<string, string> Labels(string alertname) => new()
    {
        ["alertname"] = alertname,
        ["severity"] = "critical",
        ["destination_workload_namespace"] = "payments",
        ["destination_workload"] = "api",
        ["source_workload_namespace"] = "monitoring",
        ["source_workload"] = "prometheus",
        ["destination_port"] = "80",
    };

    [GeneratedRegex(@"/#/silences/([0-9a-f-]{36})")]
    private static partial Regex SilenceLink();

    [AlertmanagerFact]
    public async Task AlertToIncident_SilenceExactlyItsLabels_ExpiredWhenFixed_ResolvedAlertEndsIncident()
    {
        var amPort = SilenceRefusalTests.FreePort();
        await using var bot = await BotHost.StartAsync(new Dictionary<string, string?> { ["MeshBot:Alertmanager:Url"] = $"http://127.0.0.1:{amPort}" });
        await using var am = await AlertmanagerProcess.StartAsync(amPort, new Uri(bot.Url, "/alertmanager"), BotHost.Token);
        try
        {
            await RunAsync(bot, am);
        }
        finally
        {
            output.WriteLine(am.Log);
        }
    }

    private static async Task RunAsync(BotHost bot, AlertmanagerProcess am)
    {
        // Two alerts, two groups (group_by: [alertname]).
        await PostAlertsAsync(am, Alert(Labels("MeshBotMtlsA"), null), Alert(Labels("MeshBotMtlsB"), null));
        var a = await SettledAsync(bot, "{}:{alertname=\"MeshBotMtlsA\"}");
        var b = await SettledAsync(bot, "{}:{alertname=\"MeshBotMtlsB\"}");
        Assert.Equal(IncidentState.AwaitingApproval, a.State);
        Assert.Equal("payments/api", a.Request.Target.ToString());
        Assert.Equal("monitoring/prometheus", a.Request.Source?.ToString());
        Assert.Equal(80, a.Request.Port);
        Assert.Equal(2, (await bot.IncidentsAsync()).Count);

        // Silence A through ISilences, as the chat button does.
        var answer = await bot.Silences!.SilenceAsync(a.Id, TimeSpan.FromHours(2), Alice, default);
        Assert.False(answer.Refused, answer.Text);
        var silenceId = SilenceLink().Match(answer.Text).Groups[1].Value;
        Assert.Contains($"{am.Url.AbsoluteUri.TrimEnd('/')}/#/silences/{silenceId}", answer.Text);

        var silence = (await am.Http.GetFromJsonAsync<JsonArray>("/api/v2/silences"))!.Single(s => (string?)s!["id"] == silenceId)!;
        Assert.Equal("active", (string?)silence["status"]!["state"]);
        Assert.Contains("alice", (string?)silence["createdBy"]);
        Assert.Contains(a.Id, (string?)silence["comment"]);
        var matchers = silence["matchers"]!.AsArray();
        Assert.All(matchers, m => Assert.True(m!["isRegex"]!.GetValue<bool>() == false && m["isEqual"]!.GetValue<bool>()));
        Assert.Equal(Labels("MeshBotMtlsA").OrderBy(l => l.Key), matchers.Select(m => KeyValuePair.Create((string)m!["name"]!, (string)m["value"]!)).OrderBy(l => l.Key));
        var hoursLeft = (DateTimeOffset.Parse((string)silence["endsAt"]!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow).TotalHours;
        Assert.InRange(hoursLeft, 1.9, 2.01);

        // Exactly A is silenced, not B.
        Assert.Contains(silenceId, await SilencedByAsync(am, "MeshBotMtlsA"));
        Assert.Empty(await SilencedByAsync(am, "MeshBotMtlsB"));
        Assert.Single(await bot.Store.AuditAsync(a.Id).Where(e => e.Kind == AlertAuditKinds.Silence).ToListAsync());

        // The fix of A is approved and verified: MeshBot expires the silence.
        var proposal = Assert.Single(await bot.Store.ProposalsAsync(a.Id));
        var outcome = await bot.Incidents.PressAsync(a.Id, proposal.Id, "bob", VoteKind.Approve);
        Assert.NotNull(outcome.Approved);
        Assert.Equal(IncidentState.Resolved, (await bot.Store.GetAsync(a.Id))!.State);
        var expiry = await BotHost.EventuallyAsync(async () =>
            await bot.Store.AuditAsync(a.Id).FirstOrDefaultAsync(e => e.Kind == AlertAuditKinds.SilenceExpired), "MeshBot to expire the silence");
        Assert.Contains(silenceId, expiry.DetailJson);
        Assert.Equal("expired", (string?)(await am.Http.GetFromJsonAsync<JsonObject>($"/api/v2/silence/{silenceId}"))!["status"]!["state"]);
        Assert.Empty(await SilencedByAsync(am, "MeshBotMtlsA"));
        // Expiring it again is harmless, and an id Alertmanager does not know counts as gone (0.25 answers 500 "silence not found").
        var client = bot.App.Services.GetRequiredService<AlertmanagerClient>();
        await client.ExpireSilenceAsync(silenceId, default);
        Assert.False(await client.ExpireSilenceAsync(Guid.NewGuid().ToString(), default));

        // B resolves in Alertmanager (endsAt in the past): its incident ends AlertResolved, still one per group.
        await PostAlertsAsync(am, Alert(Labels("MeshBotMtlsB"), DateTimeOffset.UtcNow.AddSeconds(-1)));
        await BotHost.EventuallyAsync(async () => await bot.Store.GetAsync(b.Id) is { State: IncidentState.AlertResolved } i ? i : null, "B to be AlertResolved");
        Assert.Equal(2, (await bot.IncidentsAsync()).Count);
        Assert.Equal(0, bot.Rejections("wrong-token") + bot.Rejections("missing-token") + bot.Rejections("invalid-payload") + bot.Rejections("wrong-version"));
    }

    private static JsonObject Alert(Dictionary<string, string> labels, DateTimeOffset? endsAt)
    {
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            ["annotations"] = new JsonObject { ["summary"] = "mTLS handshake failures" },
            ["generatorURL"] = "http://prometheus.monitoring:9090/graph",
        };
        if (endsAt is { } ends)
        {
            alert["startsAt"] = ends.AddMinutes(-5).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            alert["endsAt"] = ends.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }
        return alert;
    }

    private static async Task PostAlertsAsync(AlertmanagerProcess am, params JsonObject[] alerts)
    {
        using var response = await am.Http.PostAsync("/api/v2/alerts", new StringContent(new JsonArray(alerts).ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string[]> SilencedByAsync(AlertmanagerProcess am, string alertname)
    {
        var alerts = await am.Http.GetFromJsonAsync<JsonArray>($"/api/v2/alerts?filter={Uri.EscapeDataString($"alertname=\"{alertname}\"")}");
        return Assert.Single(alerts!)!["status"]!["silencedBy"]!.AsArray().Select(s => (string)s!).ToArray();
    }

    /// <summary>The group's incident once its diagnosis is done and its alert labels are recorded.</summary>
    private static async Task<Incident> SettledAsync(BotHost bot, string groupKey)
    {
        var labels = bot.App.Services.GetRequiredService<AlertLabels>();
        return await BotHost.EventuallyAsync(async () =>
            await bot.Store.FindByGroupKeyAsync(groupKey) is { State: IncidentState.AwaitingApproval or IncidentState.Healthy or IncidentState.Inconclusive } i
            && (await labels.ReadAsync(i.Id, default)).Count > 0 ? i : null, $"the incident of {groupKey}", 20);
    }
}
