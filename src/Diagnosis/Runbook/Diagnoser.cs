using MeshBot.Diagnosis.Checks;
using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Logs;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>
/// Walks the runbook: resolve the path, fetch the logs of the pods on it, run the control-plane and
/// symptom probes, then the five branches in order, and decide the verdict.
/// </summary>
public sealed class Diagnoser(MeshOptions options, TimeProvider time, IReadOnlyList<ICheck>? checks = null)
{
    /// <summary>Proxies sampled per workload on the path: enough to see a pattern, bounded for big Deployments.</summary>
    private const int PodsSampledPerWorkload = 3;

    private readonly IReadOnlyList<ICheck> _checks = checks ?? CheckCatalogue.All;

    public async Task<DiagnosisReport> DiagnoseAsync(IClusterSource source, DiagnosisRequest request, CancellationToken cancellationToken = default)
    {
        var cluster = await ClusterState.LoadAsync(source, cancellationToken).ConfigureAwait(false);
        return await DiagnoseAsync(cluster, source, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Diagnoses over an already loaded cluster; <paramref name="logSource"/> serves only the path's logs.</summary>
    public async Task<DiagnosisReport> DiagnoseAsync(ClusterState cluster, IClusterSource logSource, DiagnosisRequest request, CancellationToken cancellationToken = default)
    {
        var path = new PathResolver(cluster, options).Resolve(request);
        var logs = await Task.WhenAll(LogTargets(cluster, path).Select(c => logSource.ReadLogAsync(c, PathLogs.TailLines, cancellationToken))).ConfigureAwait(false);
        return Diagnose(cluster, request, path, new PathLogs(logs), out _);
    }

    /// <summary>The synchronous walk; <paramref name="reads"/> tells, per check, which kinds it read.</summary>
    public DiagnosisReport Diagnose(ClusterState cluster, DiagnosisRequest request, DiagnosisPath path, PathLogs logs, out IReadOnlyDictionary<string, IReadOnlySet<ResourceKind>> reads)
    {
        var session = new DiagnosisSession(cluster, path, logs, options, time.GetUtcNow());
        var outcomes = new Dictionary<Branch, List<CheckOutcome>>();
        var kindsRead = new Dictionary<string, IReadOnlySet<ResourceKind>>();
        foreach (var check in _checks)
        {
            var context = new CheckContext(session);
            var outcome = check.Run(context);
            kindsRead[check.Name] = context.KindsRead;
            if (!outcomes.TryGetValue(check.Branch, out var list))
            {
                outcomes[check.Branch] = list = [];
            }
            list.Add(outcome);
        }
        reads = kindsRead;

        Step StepOf(Branch branch) => StepCombiner.Combine(branch, outcomes.GetValueOrDefault(branch) ?? []);
        var steps = BranchNames.Tree.Select(StepOf).ToArray();
        var controlPlane = StepOf(Branch.ControlPlane);
        var symptoms = StepOf(Branch.Symptoms);
        var findings = new[] { controlPlane, symptoms }.Concat(steps)
            .SelectMany(s => s.Checks.SelectMany(c => c.Findings))
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Code.Code, StringComparer.Ordinal)
            .ThenBy(f => f.Resource, StringComparer.Ordinal)
            .ToArray();
        var verdict = VerdictRule.Decide(path, steps, controlPlane, symptoms, findings);
        return new DiagnosisReport(request, path, cluster.Description, session.Now, verdict, controlPlane, symptoms, steps, findings, Needs(steps, verdict))
        {
            Edges = EdgeAnalysis.For(session),
        };
    }

    // The verdict's needs first, then those of the other confirmed branches, deepest first; the same change once.
    private static IReadOnlyList<RemediationNeed> Needs(IReadOnlyList<Step> steps, Verdict verdict) =>
        steps.Where(s => s.Result == StepResult.Confirmed)
            .OrderByDescending(s => s.Branch == verdict.Cause)
            .ThenByDescending(s => s.Branch)
            .SelectMany(s => s.Checks.SelectMany(c => c.Needs))
            .DistinctBy(n => n.Key)
            .ToArray();

    private IEnumerable<ContainerRef> LogTargets(ClusterState cluster, DiagnosisPath path) =>
        LogSampling.Proxies(path.Ends.SelectMany(e => e.Units))
            .Concat(LogSampling.Ztunnels(cluster, path.Ends.SelectMany(e => e.Units)))
            .Concat(LogSampling.Istiod(cluster, options)).Distinct();
}
