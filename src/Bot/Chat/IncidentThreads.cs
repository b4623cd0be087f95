using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Chat;

/// <summary>
/// Keeps each incident's chat threads in step with the workflow: posts the head message, a reply per runbook
/// branch and per proposal (with its buttons), replaces the buttons by the result, and updates the head as the
/// state changes. A chat API failure is logged and never stops the workflow.
/// </summary>
public sealed class IncidentThreads(IEnumerable<IChatPlatform> platforms, IIncidentStore store, ILogger<IncidentThreads> logger) : IIncidentObserver
{
    private static readonly IncidentState[] HeadStates =
    [
        IncidentState.Diagnosed, IncidentState.Healthy, IncidentState.Inconclusive, IncidentState.AwaitingApproval, IncidentState.Executing,
        IncidentState.Verifying, IncidentState.Resolved, IncidentState.RemediationFailed, IncidentState.Rejected, IncidentState.Expired,
        IncidentState.Escalated, IncidentState.AlertResolved,
    ];

    private readonly Dictionary<string, IChatPlatform> _platforms = platforms.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public async Task OnEventAsync(IncidentEvent incidentEvent, CancellationToken cancellationToken)
    {
        var incident = incidentEvent.Incident;
        var threads = ThreadState.Read(incident.Thread);
        if (threads.Count == 0)
        {
            return;
        }
        foreach (var thread in threads.Where(t => _platforms.ContainsKey(t.Platform)))
        {
            try
            {
                await ApplyAsync(_platforms[thread.Platform], thread, incidentEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "{Platform} thread of {Incident} not updated after {Event}: {Message}", thread.Platform, incident.Id, incidentEvent.GetType().Name, e.Message);
            }
        }
        var updated = ThreadState.Write(threads);
        if (updated != incident.Thread)
        {
            incident.Thread = updated;
            await store.UpdateAsync(incident, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ApplyAsync(IChatPlatform chat, ThreadState thread, IncidentEvent incidentEvent, CancellationToken cancellationToken)
    {
        var incident = incidentEvent.Incident;
        if (thread.Head is null)
        {
            thread.Head = await chat.StartThreadAsync(thread.Conversation, ThreadRenderer.Head(incident), cancellationToken).ConfigureAwait(false);
        }
        var head = thread.Head;
        switch (incidentEvent)
        {
            case IncidentOpened { Created: false }:
                await chat.ReplyAsync(head, ThreadRenderer.Text($"Alertmanager notified again for this group; the incident is {incident.State}."), cancellationToken).ConfigureAwait(false);
                break;
            case BranchWalked e:
                await chat.ReplyAsync(head, ThreadRenderer.Step(e.Step), cancellationToken).ConfigureAwait(false);
                break;
            case DiagnosisFailed e:
                await chat.ReplyAsync(head, ThreadRenderer.Text($"The diagnosis could not complete: {e.Reason}"), cancellationToken).ConfigureAwait(false);
                break;
            case IncidentDiagnosed e:
                await chat.UpdateAsync(head, ThreadRenderer.Head(incident, e.Report.Verdict.Summary), cancellationToken).ConfigureAwait(false);
                foreach (var proposal in e.Proposals)
                {
                    thread.Proposals[proposal.Id] = await chat.ReplyAsync(head, ThreadRenderer.Proposal(incident, proposal, "awaiting approval", []), cancellationToken).ConfigureAwait(false);
                }
                break;
            case PressAnswered { Outcome.Refused: false } e:
                await RefreshProposalAsync(chat, thread, incident, e.ProposalId, e.Outcome.Message, cancellationToken).ConfigureAwait(false);
                break;
            case StepExecuted e:
                await RefreshProposalAsync(chat, thread, incident, e.ProposalId, $"executing: step {e.Step.Index + 1} {ThreadRenderer.StepStatus(e.Step.Status)}", cancellationToken).ConfigureAwait(false);
                break;
            case AlertCleared:
                await chat.ReplyAsync(head, ThreadRenderer.Text($"Alertmanager says this alert group is resolved (the incident stays {incident.State})."), cancellationToken).ConfigureAwait(false);
                break;
            case IncidentRecovered e:
                await chat.ReplyAsync(head, ThreadRenderer.Text($"MeshBot restarted: {e.Message}"), cancellationToken).ConfigureAwait(false);
                break;
            case IncidentVerified e:
                await chat.ReplyAsync(head, ThreadRenderer.Verification(incident, e.Report, e.Resolved), cancellationToken).ConfigureAwait(false);
                break;
            case IncidentStateChanged e when HeadStates.Contains(e.To):
                await chat.UpdateAsync(head, ThreadRenderer.Head(incident), cancellationToken).ConfigureAwait(false);
                if (e.To == IncidentState.AwaitingApproval)
                {
                    // The proposals were posted while still Diagnosed; now their buttons can be pressed.
                    await RefreshAllProposalsAsync(chat, thread, incident, "awaiting approval", cancellationToken).ConfigureAwait(false);
                }
                if (e.To is IncidentState.Expired or IncidentState.Escalated or IncidentState.AlertResolved or IncidentState.Rejected)
                {
                    await chat.ReplyAsync(head, ThreadRenderer.Text(Ending(e)), cancellationToken).ConfigureAwait(false);
                    await RefreshAllProposalsAsync(chat, thread, incident, $"closed: incident {e.To}", cancellationToken).ConfigureAwait(false);
                }
                break;
        }
    }

    private static string Ending(IncidentStateChanged e) => e.To switch
    {
        IncidentState.Expired => "The proposals expired without a decision. `rediagnose` for fresh ones.",
        IncidentState.Escalated => $"Escalated by {e.Actor}: a human has taken over and MeshBot stops proposing.",
        IncidentState.AlertResolved => "Alertmanager says this alert group is resolved.",
        _ => "Every proposal was rejected; nothing was applied.",
    };

    private async Task RefreshAllProposalsAsync(IChatPlatform chat, ThreadState thread, Incident incident, string status, CancellationToken cancellationToken)
    {
        foreach (var proposalId in thread.Proposals.Keys.ToArray())
        {
            await RefreshProposalAsync(chat, thread, incident, proposalId, status, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RefreshProposalAsync(IChatPlatform chat, ThreadState thread, Incident incident, string proposalId, string status, CancellationToken cancellationToken)
    {
        if (!thread.Proposals.TryGetValue(proposalId, out var message))
        {
            return;
        }
        var stored = (await store.ProposalsAsync(incident.Id, cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Id == proposalId);
        if (stored is null)
        {
            return;
        }
        var steps = (await store.StepsAsync(incident.Id, cancellationToken).ConfigureAwait(false)).Where(s => s.ProposalId == proposalId).OrderBy(s => s.Index).ToArray();
        await chat.UpdateAsync(message, ThreadRenderer.Proposal(incident, stored, $"{stored.Status.ToString().ToLowerInvariant()}: {status}", steps), cancellationToken).ConfigureAwait(false);
    }
}
