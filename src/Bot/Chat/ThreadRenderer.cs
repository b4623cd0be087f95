using MeshBot.Bot.Incidents;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Chat;

/// <summary>The incident thread's messages, platform-neutral: head (verdict and state), one reply per runbook branch, one per proposal.</summary>
public static class ThreadRenderer
{
    public static ThreadMessage Head(Incident incident, string? summary = null)
    {
        var r = incident.Request;
        var state = incident.State.ToString();
        var blocks = new List<MessageBlock>
        {
            new Heading($"mTLS incident {incident.Id}: {r.Target}"),
            new Paragraph($"*{state}*{(incident.Verdict is null ? "" : $" · verdict `{incident.Verdict}`")}{(summary is null ? "" : "\n" + summary)}"),
            new Fields(
            [
                new Field("Target", r.Target.ToString()),
                new Field("From", r.Source?.ToString() ?? "any caller"),
                new Field("Port", r.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "every Service port"),
                new Field("Requested by", incident.Requester),
            ]),
        };
        if (incident.Origin == "alert" && incident.State is not (IncidentState.Resolved or IncidentState.AlertResolved))
        {
            blocks.Add(new Buttons([new ChatButton($"silence:{incident.Id}", "Silence 2h")]));
        }
        blocks.Add(new Note($"{incident.Id} · opened {incident.CreatedAt:yyyy-MM-dd HH:mm}Z · `status {incident.Id}` · `escalate {incident.Id}`"));
        return new ThreadMessage($"mTLS incident {incident.Id} {r.Target}: {state}{(incident.Verdict is null ? "" : $", verdict {incident.Verdict}")}", blocks);
    }

    public static ThreadMessage Step(Step step)
    {
        var blocks = new List<MessageBlock> { new Paragraph($"`{step.Branch.Wire()}`: *{step.Result.Wire()}* — {step.Summary}") };
        var evidence = string.Join("\n\n", step.Evidence.Select(e => $"$ {e.Command}\n{e.Observed}"));
        if (evidence.Length > 0)
        {
            blocks.Add(new CodeBlock(evidence));
        }
        return new ThreadMessage($"{step.Branch.Wire()}: {step.Result.Wire()} — {step.Summary}", blocks);
    }

    public static ThreadMessage Proposal(Incident incident, StoredProposal stored, string status, IReadOnlyList<StoredStep> steps)
    {
        var p = stored.Proposal;
        var blocks = new List<MessageBlock>
        {
            new Heading($"{stored.Sequence + 1}. {p.Action} {p.Target}"),
            new Fields(
            [
                new Field("Risk", p.Risk.ToString().ToLowerInvariant()),
                new Field("Pods restarting", stored.Preview.PodsRestarting.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Field("Dry run", stored.Preview.DryRunPassed ? "passed" : "FAILED"),
                new Field("Proposal", p.Id),
            ]),
            new Paragraph(p.Reason),
            new CodeBlock(p.Kubectl),
        };
        var changes = stored.Preview.Writes.SelectMany(w => w.Error is null ? w.Changes : [$"{w.Description}: {w.Error}"]).ToArray();
        if (changes.Length > 0)
        {
            blocks.Add(new CodeBlock(string.Join('\n', changes)));
        }
        if (steps.Count > 0)
        {
            blocks.Add(new Paragraph(string.Join('\n', steps.Select(s => $"{s.Index + 1}. {s.Description}: *{s.Status.ToString().ToLowerInvariant()}*{(s.Detail.Length > 0 ? $" ({s.Detail})" : "")}"))));
        }
        if (stored.Undecided && incident.State == IncidentState.AwaitingApproval)
        {
            blocks.Add(new Buttons(
            [
                new ChatButton($"approve:{incident.Id}:{p.Id}", "Approve", ButtonStyle.Primary),
                new ChatButton($"reject:{incident.Id}:{p.Id}", "Reject", ButtonStyle.Danger),
            ]));
        }
        blocks.Add(new Note(status));
        return new ThreadMessage($"{p.Action} {p.Target} ({p.Risk.ToString().ToLowerInvariant()} risk): {status}", blocks);
    }

    public static ThreadMessage Verification(Incident incident, DiagnosisReport report, bool resolved) => new(
        $"Verification: {(resolved ? "resolved" : "not resolved")}, verdict {report.Verdict.Branch}",
        [
            new Paragraph(resolved
                ? $"*Verified:* `{incident.Cause}` is gone. Re-diagnosis verdict `{report.Verdict.Branch}`."
                : $"*Not resolved:* `{incident.Cause}` is still confirmed. {report.Verdict.Summary}"),
        ]);

    public static ThreadMessage Text(string text) => new(text, [new Paragraph(text)]);

    public static string StepStatus(StepStatus status) => status.ToString().ToLowerInvariant();
}
