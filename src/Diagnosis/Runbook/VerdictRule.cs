using MeshBot.Diagnosis.Findings;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>
/// Causes explain symptoms: the verdict is the deepest confirmed branch (closest to the control plane),
/// the other confirmed branches are related findings. With nothing confirmed, anything unexplained —
/// an inconclusive step, failures in the proxy logs, a degraded control plane — makes it inconclusive,
/// with the next thing to look at; otherwise the path is healthy.
/// </summary>
internal static class VerdictRule
{
    public static Verdict Decide(DiagnosisPath path, IReadOnlyList<Step> steps, Step controlPlane, Step symptoms, IReadOnlyList<Finding> findings)
    {
        if (steps.LastOrDefault(s => s.Result == StepResult.Confirmed) is { } cause)
        {
            var related = steps.Where(s => s.Result == StepResult.Confirmed && s != cause).Select(s => s.Branch.Wire()).ToArray();
            var also = related.Length == 0 ? "" : $" Also confirmed: {string.Join(", ", related)}.";
            return new Verdict(cause.Branch.Wire(), $"{Sentence(cause.Summary)}{also}", cause.Branch);
        }
        if (steps.FirstOrDefault(s => s.Result == StepResult.Inconclusive) is { } open)
        {
            return new Verdict(BranchNames.Inconclusive, $"{open.Branch.Wire()} could not be decided: {Sentence(open.Summary)}", null);
        }
        if (findings.FirstOrDefault(f => f.Code == Catalogue.RbacDeniedInLogs) is { } denied)
        {
            return new Verdict(BranchNames.Inconclusive,
                $"mTLS looks right on {path.Describe()}, but requests are denied by authorization: {denied.Message} This is AuthorizationPolicy, not mTLS; next: kubectl get authorizationpolicy -n {path.Server.Namespace.Name} -o yaml",
                null);
        }
        if (findings.FirstOrDefault(f => f.Code == Catalogue.L7PolicyWithoutWaypoint) is { } l7)
        {
            return new Verdict(BranchNames.Inconclusive,
                $"mTLS looks right on {path.Describe()}, but authorization is stricter than written: {l7.Message} This is AuthorizationPolicy in ambient, not mTLS; next: kubectl get authorizationpolicy -n {path.Server.Namespace.Name} -o yaml",
                null);
        }
        if (symptoms.Result == StepResult.Confirmed)
        {
            return new Verdict(BranchNames.Inconclusive,
                $"the proxies on {path.Describe()} report failures that no branch explains ({symptoms.Summary}); next: istioctl proxy-config secret and istioctl proxy-status for the pods involved",
                null);
        }
        if (controlPlane.Result == StepResult.Confirmed && findings.Any(f => f.Branch == Branch.ControlPlane && f.Severity == Severity.Critical))
        {
            return new Verdict(BranchNames.Inconclusive,
                $"the path {path.Describe()} looks healthy, but the control plane is degraded ({string.Join(" ", findings.Where(f => f.Branch == Branch.ControlPlane).Select(f => f.Message))}); next: kubectl get pods -n istio-system -l app=istiod",
                null);
        }
        var ruledOut = steps.Where(s => s.Result == StepResult.RuledOut).Select(s => s.Branch.Wire()).ToArray();
        var skipped = steps.Where(s => s.Result == StepResult.Skipped).Select(s => s.Branch.Wire()).ToArray();
        return new Verdict(BranchNames.Healthy,
            $"No mTLS problem on {path.Describe()}: {string.Join(", ", ruledOut)} ruled out{(skipped.Length == 0 ? "" : $"; {string.Join(", ", skipped)} not applicable")}.", null);
    }

    // Summaries start with object names (payments/api), which keep their case.
    private static string Sentence(string text) => text.TrimEnd('.') + ".";
}
