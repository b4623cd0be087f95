using MeshBot.Bot.Chat;
using MeshBot.Bot.Demo;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using Microsoft.Extensions.DependencyInjection;
using ThreadState = MeshBot.Bot.Chat.ThreadState;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>
/// A demo scenario's whole thread through a chat adapter, so that every message MeshBot sends there is produced: the
/// alert opens the incident (as the Alertmanager receiver does: a head with the Silence button), the runbook replies, the
/// proposals; then Silence is pressed, a stranger's press is refused, the approvers approve every proposal in order (two
/// for a high risk), the fixes apply and verify, a late press is refused as decided, and a press on no incident errs.
/// The adapter's press (a signed Slack interaction, a Teams invoke) is the caller's.
/// </summary>
internal sealed class DemoWalk(IServiceProvider services, Func<string, string, Task> press, string[] approvers, string stranger)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private IIncidentStore Store => services.GetRequiredService<IIncidentStore>();

    public async Task<Incident> RunAsync(DemoScenario scenario, ThreadState thread)
    {
        var incident = await OpenAsync(scenario, thread);
        await press($"silence:{incident.Id}", approvers[0]);
        var first = (await Store.ProposalsAsync(incident.Id)).First();
        while (incident.State == IncidentState.AwaitingApproval && (await Store.ProposalsAsync(incident.Id)).FirstOrDefault(p => p.Undecided) is { } next)
        {
            var approve = $"approve:{incident.Id}:{next.Id}";
            await press(approve, stranger);
            foreach (var approver in approvers.Take(next.Proposal.Risk == Remediation.Proposals.Risk.High ? 2 : 1))
            {
                await press(approve, approver);
            }
            incident = await SettleAsync(incident.Id);
        }
        Assert.Equal(IncidentState.Resolved, incident.State);
        await press($"approve:{incident.Id}:{first.Id}", approvers[0]);
        await press("approve:inc-00000000:p1", approvers[0]);
        return await SettleAsync(incident.Id);
    }

    /// <summary>The alert's thread up to the proposals; then a stranger's Reject is refused and an approver rejects each proposal.</summary>
    public async Task<Incident> RejectAsync(DemoScenario scenario, ThreadState thread)
    {
        var incident = await OpenAsync(scenario, thread);
        while (incident.State == IncidentState.AwaitingApproval && (await Store.ProposalsAsync(incident.Id)).FirstOrDefault(p => p.Undecided) is { } next)
        {
            await press($"reject:{incident.Id}:{next.Id}", stranger);
            await press($"reject:{incident.Id}:{next.Id}", approvers[0]);
            incident = await SettleAsync(incident.Id);
        }
        Assert.Equal(IncidentState.Rejected, incident.State);
        return incident;
    }

    /// <summary>Opens the incident as the Alertmanager receiver does and waits for its proposals.</summary>
    public async Task<Incident> OpenAsync(DemoScenario scenario, ThreadState thread)
    {
        var incidents = services.GetRequiredService<IncidentService>();
        var (incident, _) = await incidents.ReceiveAsync(scenario.Request, DemoRun.Requester, "alert", $"{{}}:{{alertname=\"{scenario.AlertName}\"}}", ThreadState.Write([thread]));
        services.GetRequiredService<BackgroundWork>().Enqueue(incident.Id, "diagnose", ct => incidents.DiagnoseReceivedAsync(incident.Id, ct));
        incident = await SettleAsync(incident.Id);
        Assert.Equal(IncidentState.AwaitingApproval, incident.State);
        return incident;
    }

    /// <summary>The incident once its background work and presses in flight have run out (and stayed out for a moment).</summary>
    private async Task<Incident> SettleAsync(string incidentId)
    {
        var background = services.GetRequiredService<BackgroundWork>();
        var presses = services.GetService<MeshBot.Bot.Adapters.Slack.SlackInflight>(); // Slack answers presses beside the background work
        var deadline = DateTime.UtcNow + Patience;
        var quiet = 0;
        while (quiet < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{incidentId}: background work did not settle");
            quiet = background.Pending == 0 && (presses?.Count ?? 0) == 0 ? quiet + 1 : 0;
            await Task.Delay(20);
        }
        return (await Store.GetAsync(incidentId))!;
    }
}
