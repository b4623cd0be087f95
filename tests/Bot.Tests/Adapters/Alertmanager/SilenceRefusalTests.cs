using System.Net;
using System.Net.Sockets;
using MeshBot.Bot.Adapters.Alertmanager;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Incidents;
using Microsoft.Extensions.DependencyInjection;

namespace MeshBot.Bot.Tests.Adapters.Alertmanager;

/// <summary>Silence requests that cannot be honoured are refused with the reason, and nothing is recorded.</summary>
public sealed class SilenceRefusalTests
{
    private static readonly ChatActor Alice = new("slack", "U0ALICE", "alice");

    private static async Task<Incident> AlertIncidentAsync(BotHost host)
    {
        const string GroupKey = "{}:{alertname=\"IstioMTLSFailure\"}";
        using var response = await host.PostAsync(Payloads.Notification(GroupKey, "firing", Payloads.Alert("IstioMTLSFailure", ("namespace", "payments"), ("pod", "api-5d8f7c9b4-x2x7q"))));
        var incident = await BotHost.EventuallyAsync(() => host.Store.FindByGroupKeyAsync(GroupKey), "the incident");
        var labels = host.App.Services.GetRequiredService<AlertLabels>();
        await BotHost.EventuallyAsync(async () => (await labels.ReadAsync(incident.Id, default)).Count > 0 ? "recorded" : null, "the alert labels");
        return incident;
    }

    private static async Task<int> SilenceAuditsAsync(BotHost host, string incidentId) =>
        await host.Store.AuditAsync(incidentId).CountAsync(e => e.Kind == AlertAuditKinds.Silence);

    [Fact]
    public async Task AlertmanagerUnreachable_RefusedWithTheReason()
    {
        var closed = FreePort();
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?> { ["MeshBot:Alertmanager:Url"] = $"http://127.0.0.1:{closed}" });
        var incident = await AlertIncidentAsync(host);

        var answer = await host.Silences!.SilenceAsync(incident.Id, TimeSpan.FromHours(2), Alice, default);

        Assert.True(answer.Refused);
        Assert.Contains("unreachable", answer.Text);
        Assert.Contains($"127.0.0.1:{closed}", answer.Text);
        Assert.Equal(0, await SilenceAuditsAsync(host, incident.Id));
    }

    [Fact]
    public async Task AlertmanagerSilent_RefusedAfterTheTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (backlog) and never answers
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?>
        {
            ["MeshBot:Alertmanager:Url"] = $"http://127.0.0.1:{port}",
            ["MeshBot:Alertmanager:Timeout"] = "00:00:00.5",
        });
        var incident = await AlertIncidentAsync(host);

        var answer = await host.Silences!.SilenceAsync(incident.Id, TimeSpan.FromHours(2), Alice, default);

        Assert.True(answer.Refused);
        Assert.Contains("did not answer within 0.5 s", answer.Text);
        Assert.Equal(0, await SilenceAuditsAsync(host, incident.Id));
    }

    [Fact]
    public async Task CommandIncidentOrUnknownIncident_Refused()
    {
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?> { ["MeshBot:Alertmanager:Url"] = "http://127.0.0.1:9" });
        var (command, _) = await host.Incidents.OpenAsync(new Diagnosis.Runbook.DiagnosisRequest(new Diagnosis.Runbook.TargetSpec("payments", "api")), "U0CAROL", "command");

        var forCommand = await host.Silences!.SilenceAsync(command.Id, TimeSpan.FromHours(2), Alice, default);
        var forUnknown = await host.Silences.SilenceAsync("inc-00000000", TimeSpan.FromHours(2), Alice, default);

        Assert.True(forCommand.Refused);
        Assert.Contains("not by an Alertmanager alert", forCommand.Text);
        Assert.True(forUnknown.Refused);
        Assert.Contains("no incident inc-00000000", forUnknown.Text);
    }

    [Fact]
    public async Task ChatButton_ReachesTheSilences()
    {
        // The host hands ISilences to the chat handler; the silence:INCIDENT button runs it for 2 h.
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?> { ["MeshBot:Alertmanager:Url"] = $"http://127.0.0.1:{FreePort()}" });
        var handler = new ChatCommandHandler(host.Incidents, host.Background, host.Silences);
        var incident = await AlertIncidentAsync(host);

        var answer = await handler.PressAsync($"silence:{incident.Id}", Alice);

        Assert.True(answer.Refused);
        Assert.Contains("unreachable", answer.Text);
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
