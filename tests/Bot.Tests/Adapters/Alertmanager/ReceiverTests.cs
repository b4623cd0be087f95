using System.Net;
using System.Text.Json;
using MeshBot.Bot.Adapters.Alertmanager;
using MeshBot.Bot.Chat;
using ThreadState = MeshBot.Bot.Chat.ThreadState;
using MeshBot.Bot.Incidents;
using Microsoft.Extensions.DependencyInjection;

namespace MeshBot.Bot.Tests.Adapters.Alertmanager;

/// <summary>
/// Notifications from Alertmanager on a real port: one incident (and one triage thread) per groupKey, however often and
/// however concurrently the group is delivered; resolved groups end AlertResolved; nothing is lost in a burst.
/// </summary>
public sealed class ReceiverTests
{
    private static readonly Dictionary<string, string> ApiAlert = Payloads.Alert("IstioMTLSFailure",
        ("destination_workload_namespace", "payments"), ("destination_workload", "api"),
        ("source_workload_namespace", "monitoring"), ("source_workload", "prometheus"), ("destination_port", "80"));

    private static async Task<Incident> IncidentOfAsync(BotHost host, string groupKey) =>
        await BotHost.EventuallyAsync(() => host.Store.FindByGroupKeyAsync(groupKey), $"the incident of {groupKey}");

    private static int Opened(BotHost host, string groupKey) => host.Events.OfType<IncidentOpened>().Count(e => e.Incident.GroupKey == groupKey);

    [Fact]
    public async Task RealPayload025Firing_OpensOneAlertIncidentWithItsTriageThreadsAndLabels()
    {
        await using var host = await BotHost.StartAsync();

        using var response = await host.PostAsync(Payloads.Read(Payloads.Firing025));
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var incident = await IncidentOfAsync(host, "{}:{}");
        await host.DrainAsync(() => host.Events.OfType<IncidentDiagnosed>().Any(), "the diagnosis");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("open", answer.GetProperty("action").GetString());
        Assert.Equal("payments", answer.GetProperty("target").GetString());
        Assert.Equal("alert", incident.Origin);
        Assert.Equal("alertmanager", incident.Requester);
        Assert.Equal("payments", incident.Request.Target.ToString());
        var threads = ThreadState.Read(incident.Thread);
        Assert.Equal(["slack:C0TRIAGE", "teams:19:triage@thread.tacv2"], threads.Select(t => $"{t.Platform}:{t.Conversation}"));
        Assert.Equal("https://smba.trafficmanager.net/emea/", threads[1].ServiceUrl);
        var labels = await host.App.Services.GetRequiredService<AlertLabels>().ReadAsync(incident.Id, default);
        Assert.Equal(new Dictionary<string, string> { ["alertname"] = "IstioMTLSFailure", ["namespace"] = "payments", ["severity"] = "critical" }, Assert.Single(labels));
        Assert.Single(await host.IncidentsAsync());
        Assert.Equal(1, host.Counter("meshbot_alertmanager_notifications_total", ("status", "firing"), ("action", "open")));
    }

    [Fact]
    public async Task SameGroupTwice_Sequentially_OneIncident()
    {
        await using var host = await BotHost.StartAsync();
        var body = Payloads.Notification("{}/{}:{alertname=\"IstioMTLSFailure\"}", "firing", ApiAlert);

        using var first = await host.PostAsync(body);
        var incident = await IncidentOfAsync(host, "{}/{}:{alertname=\"IstioMTLSFailure\"}");
        using var second = await host.PostAsync(body);
        await host.DrainAsync(() => Opened(host, incident.GroupKey!) == 2, "the second delivery");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var only = Assert.Single(await host.IncidentsAsync());
        Assert.Equal(incident.Id, only.Id);
        Assert.Equal("payments/api", only.Request.Target.ToString());
        Assert.Equal("monitoring/prometheus", only.Request.Source?.ToString());
        Assert.Equal(80, only.Request.Port);
        Assert.Equal([true, false], host.Events.OfType<IncidentOpened>().Select(e => e.Created));
    }

    [Fact]
    public async Task SameGroupDeliveredConcurrently_OneIncident()
    {
        await using var host = await BotHost.StartAsync();
        const string GroupKey = "{}:{alertname=\"IstioMTLSFailure\"}";
        var body = Payloads.Notification(GroupKey, "firing", ApiAlert);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.PostAsync(body)));
        await host.DrainAsync(() => Opened(host, GroupKey) == 8, "eight deliveries");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(await host.IncidentsAsync());
        Assert.Equal(1, host.Events.OfType<IncidentOpened>().Count(e => e.Created));
    }

    [Fact]
    public async Task ConcurrentOpens_OfOneGroup_StraightToTheService_OneIncident()
    {
        // The receiver's queue runs one item at a time; the store's unique groupKey is what makes parallel opens safe
        // too (several replicas, or a host that drains in parallel).
        await using var host = await BotHost.StartAsync();
        var request = new Diagnosis.Runbook.DiagnosisRequest(new Diagnosis.Runbook.TargetSpec("payments", "api"));

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => host.Incidents.OpenAsync(request, "alertmanager", "alert", "{}:{race}"))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Incident.Id).Distinct());
        Assert.Single(await host.IncidentsAsync());
    }

    [Fact]
    public async Task Burst_100NotificationsFor5GroupsWithRepeatsAndResolves_Exactly5IncidentsNoneLost()
    {
        await using var host = await BotHost.StartAsync();
        (string Key, Dictionary<string, string> Alert)[] groups =
        [
            ("{}:{alertname=\"A\"}", Payloads.Alert("A", ("destination_workload_namespace", "payments"), ("destination_workload", "api"))),
            ("{}:{alertname=\"B\"}", Payloads.Alert("B", ("namespace", "orders"), ("pod", "checkout-6b7d9c5f4-k2l9p"))),
            ("{}:{alertname=\"C\"}", Payloads.Alert("C", ("namespace", "payments"))),
            ("{}:{alertname=\"D\"}", Payloads.Alert("D", ("destination_workload_namespace", "orders"))),
            ("{}:{alertname=\"E\"}", ApiAlert.Concat([KeyValuePair.Create("group", "E")]).ToDictionary()),
        ];
        var random = new Random(42);
        // Phase 1: 80 firing notifications, 16 per group, shuffled and sent 16 at a time.
        var firing = Enumerable.Range(0, 80).Select(i => groups[i % 5]).OrderBy(_ => random.Next()).ToArray();
        // Phase 2: 10 resolves (groups A and B) and 10 more repeats of C, D and E, also concurrent.
        var phase2 = Enumerable.Range(0, 20).Select(i => i < 10 ? (groups[i % 2], "resolved") : (groups[2 + i % 3], "firing")).OrderBy(_ => random.Next()).ToArray();
        var statuses = new List<HttpStatusCode>();

        foreach (var batch in firing.Chunk(16))
        {
            statuses.AddRange((await Task.WhenAll(batch.Select(g => host.PostAsync(Payloads.Notification(g.Key, "firing", g.Alert))))).Select(r => r.StatusCode));
        }
        await host.DrainAsync(() => host.Events.OfType<IncidentOpened>().Count() == 80, "80 opens");
        statuses.AddRange((await Task.WhenAll(phase2.Select(n => host.PostAsync(Payloads.Notification(n.Item1.Key, n.Item2, n.Item1.Alert))))).Select(r => r.StatusCode));
        await host.DrainAsync(() => host.Events.OfType<IncidentOpened>().Count() == 90
            && host.Events.OfType<IncidentStateChanged>().Count(e => e.To == IncidentState.AlertResolved) == 2, "90 opens and 2 resolutions");

        Assert.Equal(100, statuses.Count(s => s == HttpStatusCode.OK));
        var incidents = await host.IncidentsAsync();
        Assert.Equal(5, incidents.Count);
        Assert.Equal(groups.Select(g => g.Key).Order(), incidents.Select(i => i.GroupKey!).Order());
        Assert.Equal(5, host.Events.OfType<IncidentOpened>().Count(e => e.Created));
        var expected = groups.Select(g => firing.Count(f => f.Key == g.Key) + phase2.Count(n => n.Item1.Key == g.Key && n.Item2 == "firing"));
        Assert.Equal(expected, groups.Select(g => Opened(host, g.Key)));
        Assert.Equal(IncidentState.AlertResolved, incidents.Single(i => i.GroupKey == groups[0].Key).State);
        Assert.Equal(IncidentState.AlertResolved, incidents.Single(i => i.GroupKey == groups[1].Key).State);
        Assert.All(incidents.Where(i => i.GroupKey != groups[0].Key && i.GroupKey != groups[1].Key), i => Assert.NotEqual(IncidentState.AlertResolved, i.State));
        Assert.Equal(90, host.Counter("meshbot_alertmanager_notifications_total", ("status", "firing"), ("action", "open")));
        Assert.Equal(10, host.Counter("meshbot_alertmanager_notifications_total", ("status", "resolved"), ("action", "resolve")));
    }

    [Fact]
    public async Task RealResolvedPayload_AfterItsGroupFired_AlertResolved_AndFiringAgainRediagnoses()
    {
        await using var host = await BotHost.StartAsync();
        var resolved = Payloads.Read(Payloads.ResolvedCurrent);
        var groupKey = JsonDocument.Parse(resolved).RootElement.GetProperty("groupKey").GetString()!;
        using var fired = await host.PostAsync(Payloads.Notification(groupKey, "firing", Payloads.Alert("TestAlert", ("namespace", "payments"))));
        var incident = await IncidentOfAsync(host, groupKey);

        using var response = await host.PostAsync(resolved);
        var final = await BotHost.EventuallyAsync(async () => await host.Store.GetAsync(incident.Id) is { State: IncidentState.AlertResolved } i ? i : null, "AlertResolved");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(incident.Id, final.Id);
        Assert.Single(await host.IncidentsAsync());

        // The group fires again: the same incident is diagnosed again (no second incident, no second thread).
        using var again = await host.PostAsync(Payloads.Notification(groupKey, "firing", Payloads.Alert("TestAlert", ("namespace", "payments"))));
        var back = await BotHost.EventuallyAsync(async () => await host.Store.GetAsync(incident.Id) is { State: not IncidentState.AlertResolved and >= IncidentState.Diagnosed } i ? i : null, "the re-diagnosis");
        Assert.Equal(incident.Id, back.Id);
        Assert.Single(await host.IncidentsAsync());
        Assert.Contains(host.Events.OfType<IncidentStateChanged>(), e => e.Incident.Id == incident.Id && e.From == IncidentState.AlertResolved && e.Trigger == IncidentTrigger.Rediagnose);
    }

    [Fact]
    public async Task ResolvedForAGroupWithoutIncident_200AndNothingCreated()
    {
        await using var host = await BotHost.StartAsync();

        using var response = await host.PostAsync(Payloads.Read(Payloads.ResolvedCurrent));
        await host.DrainAsync(() => true, "the queue");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await host.IncidentsAsync());
    }

    [Fact]
    public async Task FiringWithoutANamespaceLabel_200SkippedCountedNothingCreated()
    {
        await using var host = await BotHost.StartAsync();

        using var response = await host.PostAsync(Payloads.Notification("{}:{alertname=\"Watchdog\"}", "firing", Payloads.Alert("Watchdog"), Payloads.Alert("Watchdog", ("namespace", "Not A Namespace"))));
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("skipped", answer.GetProperty("action").GetString());
        Assert.Contains("namespace", answer.GetProperty("reason").GetString());
        Assert.Equal(1, host.Counter("meshbot_alertmanager_notifications_total", ("status", "firing"), ("action", "skipped")));
        Assert.Equal(0, host.Background.Pending);
        Assert.Empty(await host.IncidentsAsync());
    }

    [Fact]
    public async Task FiringWithANewlineAfterTheNamespace_200SkippedWithTheReasonNothingCreated()
    {
        await using var host = await BotHost.StartAsync();

        // Before issue 9 this opened an incident for "payments\n/api": the name regex's $ matched before the \n.
        using var response = await host.PostAsync(Payloads.Notification("{}:{alertname=\"IstioMTLSFailure\"}", "firing",
            Payloads.Alert("IstioMTLSFailure", ("namespace", "payments\n"), ("pod", "api"))));
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("skipped", answer.GetProperty("action").GetString());
        Assert.Contains("no valid namespace", answer.GetProperty("reason").GetString());
        Assert.Equal(1, host.Counter("meshbot_alertmanager_notifications_total", ("status", "firing"), ("action", "skipped")));
        await Task.Delay(100); // a wrongly queued open would have reached the store by now
        Assert.Equal(0, host.Background.Pending);
        Assert.Empty(await host.IncidentsAsync());
    }

    [Fact]
    public async Task GroupSpanningNamespaces_UsesTheFirstFiringAlert()
    {
        await using var host = await BotHost.StartAsync();
        const string GroupKey = "{}:{alertname=\"IstioMTLSFailure\"}";

        using var response = await host.PostAsync(Payloads.Notification(GroupKey, "firing",
            Payloads.Alert("IstioMTLSFailure", ("namespace", "orders"), ("pod", "checkout-6b7d9c5f4-k2l9p")),
            Payloads.Alert("IstioMTLSFailure", ("namespace", "payments"), ("pod", "api-5d8f7c9b4-x2x7q"))));
        var incident = await IncidentOfAsync(host, GroupKey);

        Assert.Equal("orders/checkout-6b7d9c5f4-k2l9p", incident.Request.Target.ToString());
        var labels = await BotHost.EventuallyAsync(async () =>
        {
            var read = await host.App.Services.GetRequiredService<AlertLabels>().ReadAsync(incident.Id, default);
            return read.Count > 0 ? read : null;
        }, "the alert labels");
        Assert.Equal(2, labels.Count);
    }

    [Fact]
    public async Task WithoutBearerToken_DisabledWithOneLogLineAndNoEndpoint()
    {
        await using var host = await BotHost.StartAsync(withToken: false);

        using var response = await host.PostAsync(Payloads.Read(Payloads.Firing025));

        Assert.False(host.Enabled);
        var line = Assert.Single(host.StartupLines);
        Assert.Contains("MeshBot:Alertmanager:BearerToken", line);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(host.Silences);
    }

    [Fact]
    public async Task WithToken_EnabledAndSilencesOnlyWithUrl()
    {
        await using var host = await BotHost.StartAsync();

        Assert.True(host.Enabled);
        Assert.Contains("POST /alertmanager", Assert.Single(host.StartupLines));
        Assert.Null(host.Silences);
        Assert.DoesNotContain(host.App.Services.GetServices<IIncidentObserver>(), o => o is SilenceExpiry);
        Assert.Contains(host.App.Services.GetServices<IIncidentObserver>(), o => o is AlertLabels);
    }
}
