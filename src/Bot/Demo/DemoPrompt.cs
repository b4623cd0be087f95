using MeshBot.Bot.Incidents;
using MeshBot.Remediation.Approval;

namespace MeshBot.Bot.Demo;

/// <summary>
/// The console's buttons: <c>approve [PROPOSAL] [as USER]</c>, <c>reject [PROPOSAL] [as USER]</c>, <c>status</c>,
/// <c>rediagnose</c>, <c>escalate</c>, <c>quit</c>. Without a proposal id, the next undecided one.
/// </summary>
internal sealed class DemoPrompt(IncidentService service, string incidentId, TextWriter output, TextReader? input)
{
    private static readonly IncidentState[] Waiting = [IncidentState.AwaitingApproval];

    public async Task ApproveEverythingAsync(CancellationToken cancellationToken)
    {
        while (await NextAsync(cancellationToken).ConfigureAwait(false) is { } next)
        {
            foreach (var approver in DemoRun.Approvers)
            {
                await output.WriteLineAsync($"> approve {next.Id} as {approver}").ConfigureAwait(false);
                var outcome = await service.PressAsync(incidentId, next.Id, approver, VoteKind.Approve, cancellationToken).ConfigureAwait(false);
                if (outcome.Refused || outcome.Approved is not null)
                {
                    break;
                }
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (await IsWaitingAsync(cancellationToken).ConfigureAwait(false))
        {
            var next = await NextAsync(cancellationToken).ConfigureAwait(false);
            // A second approver is only offered where the policy asks for one.
            var second = next is not null && next.Proposal.Risk >= service.Runtime.Policy.Options.TwoPersonRisk ? $"; {next.Proposal.Risk.ToString().ToLowerInvariant()} risk: 'approve as {DemoRun.Approvers[1]}' for the second approver" : "";
            await output.WriteAsync($"\n{incidentId}: next {next?.Proposal.Action} {next?.Id} — approve | reject | status | rediagnose | escalate | quit (as {DemoRun.Approvers[0]}{second})\n> ").ConfigureAwait(false);
            var line = input is null ? null : await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null || line.Trim() is "quit" or "exit")
            {
                return;
            }
            await HandleAsync(line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries), next, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(string[] words, StoredProposal? next, CancellationToken cancellationToken)
    {
        var verb = words.FirstOrDefault() ?? "";
        var actor = words.Length >= 2 && words[^2] == "as" ? words[^1] : DemoRun.Approvers[0];
        var proposalId = words.Length >= 2 && words[1] != "as" ? words[1] : next?.Id;
        switch (verb)
        {
            case "approve" or "reject" when proposalId is not null:
                await service.PressAsync(incidentId, proposalId, actor, verb == "approve" ? VoteKind.Approve : VoteKind.Reject, cancellationToken).ConfigureAwait(false);
                break;
            case "status":
                var incident = await service.Runtime.Store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
                var proposals = await service.Runtime.Store.ProposalsAsync(incidentId, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"{incidentId}: {incident?.State}, verdict {incident?.Verdict}; " + string.Join("; ", proposals.Select(p => $"{p.Id} {p.Status}"))).ConfigureAwait(false);
                break;
            case "rediagnose":
                await service.RediagnoseAsync(incidentId, actor, cancellationToken).ConfigureAwait(false);
                break;
            case "escalate":
                await service.EscalateAsync(incidentId, actor, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await output.WriteLineAsync("commands: approve [PROPOSAL] [as USER] | reject [PROPOSAL] [as USER] | status | rediagnose | escalate | quit").ConfigureAwait(false);
                break;
        }
    }

    private async Task<bool> IsWaitingAsync(CancellationToken cancellationToken) =>
        (await service.Runtime.Store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false))?.State is { } state && Waiting.Contains(state);

    private async Task<StoredProposal?> NextAsync(CancellationToken cancellationToken) =>
        await IsWaitingAsync(cancellationToken).ConfigureAwait(false)
            ? (await service.Runtime.Store.ProposalsAsync(incidentId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Undecided)
            : null;
}
