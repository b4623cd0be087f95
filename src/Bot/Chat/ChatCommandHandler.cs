using System.Text;
using MeshBot.Bot.Incidents;
using MeshBot.Remediation.Approval;

namespace MeshBot.Bot.Chat;

/// <summary>
/// Runs chat commands and button presses against the workflow, for every platform alike. It answers at once; the
/// diagnosis, the execution and the thread posts run as background work.
/// </summary>
public sealed class ChatCommandHandler(IncidentService incidents, BackgroundWork background, ISilences? silences = null)
{
    /// <summary>A typed command. <paramref name="conversation"/> is where a new triage thread goes (the channel it was typed in).</summary>
    public async Task<ChatResponse> HandleAsync(ChatCommand command, ChatActor actor, string conversation, string? serviceUrl = null, CancellationToken cancellationToken = default)
    {
        switch (command)
        {
            case ChatCommand.Diagnose d:
                // Recorded before the answer, so that the request survives a crash: recovery diagnoses Received incidents.
                var thread = ThreadState.Write([new ThreadState(actor.Platform, conversation, serviceUrl)]);
                var (incident, _) = await incidents.ReceiveAsync(d.Request, actor.UserId, "command", null, thread, cancellationToken).ConfigureAwait(false);
                var what = $"{d.Request.Target}{(d.Request.Source is null ? "" : $" from {d.Request.Source}")}{(d.Request.Port is null ? "" : $" port {d.Request.Port}")}";
                return TryEnqueue(incident.Id, $"diagnose {what} for {actor}", ct => incidents.DiagnoseReceivedAsync(incident.Id, ct))
                    ? new ChatResponse($"Working on it: diagnosing {what} as {incident.Id}. The triage thread follows in this channel.")
                    : new ChatResponse($"MeshBot is restarting: {incident.Id} for {what} is recorded and is diagnosed as soon as it is back.");
            case ChatCommand.Status s:
                return new ChatResponse(await StatusAsync(s.IncidentId, cancellationToken).ConfigureAwait(false));
            case ChatCommand.Approve a:
                return await PressAsync(a.IncidentId, a.ProposalId, actor, VoteKind.Approve, cancellationToken).ConfigureAwait(false);
            case ChatCommand.Reject r:
                return await PressAsync(r.IncidentId, r.ProposalId, actor, VoteKind.Reject, cancellationToken).ConfigureAwait(false);
            case ChatCommand.Escalate e:
                return await WithIncident(e.IncidentId, async () => await incidents.EscalateAsync(e.IncidentId, actor.UserId, cancellationToken).ConfigureAwait(false)
                    ? new ChatResponse($"{e.IncidentId} escalated: MeshBot stops proposing; over to you.")
                    : new ChatResponse($"{e.IncidentId} cannot be escalated now (it is executing, or already closed).", true)).ConfigureAwait(false);
            case ChatCommand.Rediagnose r:
                return TryEnqueue(r.IncidentId, $"rediagnose {r.IncidentId}", ct => incidents.RediagnoseAsync(r.IncidentId, actor.UserId, ct))
                    ? new ChatResponse($"Re-diagnosing {r.IncidentId}; the thread will show the walk.")
                    : new ChatResponse("MeshBot is restarting; ask again in a minute.", true);
            case ChatCommand.Silence s when silences is null:
                return new ChatResponse("Silences need MeshBot:Alertmanager:Url to be configured.", true);
            case ChatCommand.Silence s:
                return await silences.SilenceAsync(s.IncidentId, s.Duration, actor, cancellationToken).ConfigureAwait(false);
            case ChatCommand.Help h:
                return new ChatResponse((h.Problem is null ? "" : h.Problem + "\n") + "Usage: " + ChatCommandParser.Usage, h.Problem is not null);
            default:
                return new ChatResponse("Usage: " + ChatCommandParser.Usage, true);
        }
    }

    /// <summary>A button press: <c>approve:INCIDENT:PROPOSAL</c>, <c>reject:INCIDENT:PROPOSAL</c>, <c>silence:INCIDENT</c>.</summary>
    public Task<ChatResponse> PressAsync(string actionId, ChatActor actor, CancellationToken cancellationToken = default)
    {
        var parts = actionId.Split(':');
        return parts switch
        {
            ["approve", var incident, var proposal] => PressAsync(incident, proposal, actor, VoteKind.Approve, cancellationToken),
            ["reject", var incident, var proposal] => PressAsync(incident, proposal, actor, VoteKind.Reject, cancellationToken),
            ["silence", var incident] => HandleAsync(new ChatCommand.Silence(incident, TimeSpan.FromHours(2)), actor, "", null, cancellationToken),
            _ => Task.FromResult(new ChatResponse($"unknown action {actionId}", true)),
        };
    }

    private async Task<ChatResponse> PressAsync(string incidentId, string? proposalId, ChatActor actor, VoteKind kind, CancellationToken cancellationToken) =>
        await WithIncident(incidentId, async () =>
        {
            var id = proposalId ?? (await incidents.Runtime.Store.ProposalsAsync(incidentId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Undecided)?.Id;
            if (id is null)
            {
                return new ChatResponse($"{incidentId} has no proposal awaiting a decision.", true);
            }
            // The policy answers at once (refusals change nothing); an approval that completes runs the plan in the background.
            var outcome = await incidents.PressAsync(incidentId, id, actor.UserId, kind, cancellationToken, advance: false).ConfigureAwait(false);
            // The decision is in the store already: if the bot stops before the plan runs, recovery runs it at the next start.
            if ((outcome.Approved is not null || outcome.IsRejection) && !TryEnqueue(incidentId, $"advance {incidentId}", ct => incidents.AdvanceAsync(incidentId, ct)))
            {
                return new ChatResponse(outcome.Message + " (MeshBot is restarting: the decision is recorded and acted on as soon as it is back)", outcome.Refused);
            }
            return new ChatResponse(outcome.Message, outcome.Refused);
        }).ConfigureAwait(false);

    private async Task<string> StatusAsync(string? incidentId, CancellationToken cancellationToken)
    {
        var store = incidents.Runtime.Store;
        if (incidentId is not null)
        {
            var incident = await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
            if (incident is null)
            {
                return $"no incident {incidentId}";
            }
            var text = new StringBuilder($"{incident.Id} {incident.Request.Target}: {incident.State}, verdict {incident.Verdict ?? "pending"}");
            foreach (var p in await store.ProposalsAsync(incident.Id, cancellationToken).ConfigureAwait(false))
            {
                text.Append($"\n  {p.Id} {p.Proposal.Action} {p.Proposal.Target}: {p.Status.ToString().ToLowerInvariant()}");
            }
            return text.ToString();
        }
        var open = (await store.ListAsync(null, cancellationToken).ConfigureAwait(false))
            .Where(i => i.State is not (IncidentState.Resolved or IncidentState.AlertResolved or IncidentState.Healthy))
            .TakeLast(10)
            .Select(i => $"{i.Id} {i.Request.Target}: {i.State}")
            .ToArray();
        return open.Length == 0 ? "No open incidents." : string.Join('\n', open);
    }

    private bool TryEnqueue(string incidentId, string what, Func<CancellationToken, Task> work)
    {
        try
        {
            background.Enqueue(incidentId, what, work);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // shutting down
        }
    }

    private static async Task<ChatResponse> WithIncident(string incidentId, Func<Task<ChatResponse>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return new ChatResponse($"no incident {incidentId}", true);
        }
    }
}
