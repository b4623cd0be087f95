using MeshBot.Bot.Incidents;
using MeshBot.Diagnosis.Certificates;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Execution;
using MeshBot.Cluster.Certificates;

namespace MeshBot.Bot.Adapters.Console;

/// <summary>
/// The incident thread in a terminal: the same events a chat thread shows — each runbook branch as it is walked,
/// the verdict, each proposal with its preview and kubectl, button presses and their answers, execution steps,
/// verification — as plain text. Nothing secret reaches it: texts pass the private-key redaction.
/// </summary>
public sealed class ConsoleThread(TextWriter output) : IIncidentObserver
{
    public async Task OnEventAsync(IncidentEvent incidentEvent, CancellationToken cancellationToken)
    {
        var text = incidentEvent switch
        {
            IncidentOpened { Created: true } e => $"[{e.Incident.Id}] opened by {e.Incident.Requester} ({e.Incident.Origin}): diagnosing {Describe(e.Incident.Request)}",
            IncidentOpened e => $"[{e.Incident.Id}] repeat notification for the same alert group: updating the existing thread ({e.Incident.State})",
            BranchWalked e => Branch(e.Step),
            IncidentDiagnosed e => Diagnosed(e),
            DiagnosisFailed e => $"  ! the diagnosis could not complete: {e.Reason}",
            PressAnswered e => $"  {(e.Outcome.Refused ? "✗ refused" : "✓")} {e.Actor}: {e.Outcome.Message}",
            StepExecuted e => $"  {Mark(e.Step.Status)} {e.ProposalId} step {e.Step.Index + 1}: {e.Step.Description}: {e.Step.Status.ToString().ToLowerInvariant()}{(e.Step.Detail.Length > 0 ? $" ({e.Step.Detail})" : "")}",
            IncidentVerified e => $"  re-diagnosis: verdict {e.Report.Verdict.Branch.ToUpperInvariant()} — {(e.Resolved ? $"{e.Incident.Cause} is gone" : $"{e.Incident.Cause} is still there")}\n    {e.Report.Verdict.Summary}",
            IncidentStateChanged { To: IncidentState.AwaitingApproval or IncidentState.Executing or IncidentState.Verifying or IncidentState.Resolved or IncidentState.RemediationFailed or IncidentState.Rejected or IncidentState.Expired or IncidentState.Escalated or IncidentState.AlertResolved } e =>
                $"[{e.Incident.Id}] {e.From} → {e.To} ({e.Actor})",
            _ => null,
        };
        if (text is not null)
        {
            await output.WriteLineAsync(PemBlocks.RedactPrivateKeys(text)).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(DiagnosisRequest r) =>
        $"{r.Target}{(r.Source is null ? "" : $" from {r.Source}")}{(r.Port is null ? "" : $" port {r.Port}")}";

    private static string Branch(Step step)
    {
        var lines = new List<string> { $"  {step.Branch.Wire(),-19} {step.Result.Wire().ToUpperInvariant(),-12} {step.Summary}" };
        if (step.Result == StepResult.Confirmed)
        {
            lines.AddRange(step.Evidence.Take(4).Select(e => $"      $ {e.Command}\n        {e.Observed}"));
        }
        return string.Join('\n', lines);
    }

    private static string Diagnosed(IncidentDiagnosed e)
    {
        var lines = new List<string> { "", $"VERDICT: {e.Report.Verdict.Branch.ToUpperInvariant()}", $"  {e.Report.Verdict.Summary}" };
        if (e.Proposals.Count == 0)
        {
            lines.Add("  No remediation proposed.");
            return string.Join('\n', lines);
        }
        lines.Add("");
        lines.Add("Proposed remediations (nothing runs without approval):");
        foreach (var stored in e.Proposals)
        {
            var p = stored.Proposal;
            lines.Add($"  {stored.Sequence + 1}. {p.Action} {p.Target}   risk: {p.Risk.ToString().ToLowerInvariant()}   id: {p.Id}");
            lines.Add($"     why: {p.Reason}");
            lines.Add($"     $ {p.Kubectl.Replace("\n", "\n       ", StringComparison.Ordinal)}");
            lines.Add($"     preview (server-side dry run): {Preview(stored.Preview)}");
        }
        return string.Join('\n', lines);
    }

    private static string Preview(PlanPreview preview)
    {
        if (!preview.DryRunPassed)
        {
            return "FAILED — " + string.Join("; ", preview.Writes.Where(w => w.Error is not null).Select(w => $"{w.Description}: {w.Error}"));
        }
        var changes = preview.Writes.SelectMany(w => w.Changes).Take(6).ToArray();
        var radius = preview.PodsRestarting > 0 ? $"; {preview.PodsRestarting} pod(s) restart" : "";
        return (changes.Length == 0 ? "no change" : string.Join("; ", changes)) + radius;
    }

    private static string Mark(StepStatus status) => status switch
    {
        StepStatus.Succeeded => "✓",
        StepStatus.Unchanged => "=",
        StepStatus.Failed => "✗",
        _ => "·",
    };
}
