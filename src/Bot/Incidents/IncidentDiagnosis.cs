using System.Text.Json;
using MeshBot.Bot.Reports;
using MeshBot.Cluster.Kubernetes.Config;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Incidents;

/// <summary>
/// Walks the runbook for an incident: each branch becomes a Diagnosing substate the thread can show, then the
/// verdict decides Diagnosed (with proposals, previewed by a server-side dry run), Healthy or Inconclusive.
/// </summary>
internal sealed class IncidentDiagnosis(IncidentRuntime runtime, IncidentTransitions transitions)
{
    public async Task RunAsync(Incident incident, IncidentTrigger start, string actor, CancellationToken cancellationToken)
    {
        if (!await transitions.FireAsync(incident, start, actor, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        DiagnosisReport report;
        try
        {
            report = await runtime.Diagnoser.DiagnoseAsync(runtime.Cluster, incident.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DiagnosisInputException or KubernetesUnreachableException or KubernetesApiException or KubernetesConfigException or SnapshotException)
        {
            incident.Verdict = BranchNames.Inconclusive;
            await runtime.AuditAsync(incident, "meshbot", AuditKinds.Diagnosis, $"diagnosis failed: {e.Message}", null, cancellationToken).ConfigureAwait(false);
            await runtime.NotifyAsync(new DiagnosisFailed(incident, e.Message), cancellationToken).ConfigureAwait(false);
            await transitions.FireAsync(incident, IncidentTrigger.Undecided, "meshbot", cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var step in report.Steps)
        {
            await runtime.NotifyAsync(new BranchWalked(incident, step), cancellationToken).ConfigureAwait(false);
            await transitions.FireAsync(incident, IncidentTrigger.StepDone, "meshbot", cancellationToken).ConfigureAwait(false);
        }

        var proposals = ProposalPlanner.Plan(report);
        incident.ReportJson = DiagnosisJson.Render(report, proposals);
        incident.Verdict = report.Verdict.Branch;
        await runtime.AuditAsync(incident, "meshbot", AuditKinds.Diagnosis, $"verdict {report.Verdict.Branch}: {report.Verdict.Summary}",
            JsonSerializer.Serialize(new { verdict = report.Verdict.Branch, steps = report.Steps.Select(s => new { branch = s.Branch.Wire(), result = s.Result.Wire() }) }), cancellationToken).ConfigureAwait(false);

        var stored = new List<StoredProposal>();
        if (report.Verdict.Cause is not null)
        {
            incident.Cause = report.Verdict.Branch;
            var now = runtime.Time.GetUtcNow();
            for (var i = 0; i < proposals.Count; i++)
            {
                var preview = await runtime.Executor.PreviewAsync(proposals[i], cancellationToken).ConfigureAwait(false);
                stored.Add(new StoredProposal(incident.Id, i, proposals[i], preview, ProposalStatus.Proposed, now));
                await runtime.AuditAsync(incident, "meshbot", AuditKinds.Proposal, $"{proposals[i].Id}: {proposals[i].Action} {proposals[i].Target} ({proposals[i].Risk.ToString().ToLowerInvariant()} risk)",
                    JsonSerializer.Serialize(new { proposals[i].Kubectl, preview.PodsRestarting, preview.Fingerprint, dryRun = preview.DryRunPassed }), cancellationToken).ConfigureAwait(false);
            }
            await runtime.Store.ReplaceProposalsAsync(incident.Id, stored, cancellationToken).ConfigureAwait(false);
        }

        var trigger = report.Verdict.Branch switch
        {
            BranchNames.Healthy => IncidentTrigger.NothingFound,
            BranchNames.Inconclusive => IncidentTrigger.Undecided,
            _ => IncidentTrigger.CauseFound,
        };
        await transitions.FireAsync(incident, trigger, "meshbot", cancellationToken).ConfigureAwait(false);
        await runtime.NotifyAsync(new IncidentDiagnosed(incident, report, stored), cancellationToken).ConfigureAwait(false);
        if (stored.Count > 0)
        {
            await transitions.FireAsync(incident, IncidentTrigger.Propose, "meshbot", cancellationToken, () => stored.Count > 0).ConfigureAwait(false);
        }
    }

    /// <summary>Re-runs the diagnosis after the fix: resolved when the branch that was the verdict is no longer confirmed.</summary>
    public async Task VerifyAsync(Incident incident, CancellationToken cancellationToken)
    {
        (runtime.Cluster as CachedClusterSource)?.Invalidate(); // the fix was just applied: read the cluster afresh
        DiagnosisReport report;
        try
        {
            report = await runtime.Diagnoser.DiagnoseAsync(runtime.Cluster, incident.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DiagnosisInputException or KubernetesUnreachableException or KubernetesApiException)
        {
            await runtime.AuditAsync(incident, "meshbot", AuditKinds.Verification, $"verification could not run: {e.Message}", null, cancellationToken).ConfigureAwait(false);
            await transitions.FireAsync(incident, IncidentTrigger.VerificationFailed, "meshbot", cancellationToken).ConfigureAwait(false);
            return;
        }

        var cause = incident.Cause is { } c ? BranchNames.Parse(c) : null;
        var gone = cause is null || report.Steps.Single(s => s.Branch == cause).Result != StepResult.Confirmed;
        incident.ReportJson = DiagnosisJson.Render(report, ProposalPlanner.Plan(report));
        incident.Verdict = report.Verdict.Branch;
        await runtime.AuditAsync(incident, "meshbot", AuditKinds.Verification,
            gone ? $"{incident.Cause} is gone; verdict now {report.Verdict.Branch}" : $"{incident.Cause} is still confirmed: {report.Verdict.Summary}", null, cancellationToken).ConfigureAwait(false);
        await runtime.NotifyAsync(new IncidentVerified(incident, report, gone), cancellationToken).ConfigureAwait(false);
        await transitions.FireAsync(incident, gone ? IncidentTrigger.Verified : IncidentTrigger.VerificationFailed, "meshbot", cancellationToken).ConfigureAwait(false);
    }
}
