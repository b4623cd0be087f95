using System.Diagnostics;
using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bench;

/// <summary>
/// Load + first diagnosis (the CLI's whole job on a snapshot), then many diagnoses over the loaded cluster:
/// wall time, bytes allocated, peak working set.
/// </summary>
internal static class Measurement
{
    public static async Task<int> RunAsync(string dir, BenchOptions options)
    {
        var middle = SyntheticCluster.Ns(options.Shape.Namespaces / 2);
        var caller = SyntheticCluster.Ns(options.Shape.Namespaces / 2 - 2);
        var request = new DiagnosisRequest(new TargetSpec(middle, "app-0"), new TargetSpec(caller, "app-1"), 80);
        var diagnoser = new Diagnoser(new MeshOptions(), TimeProvider.System);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var source = new SnapshotSource(dir);
        var cluster = await ClusterState.LoadAsync(source);
        var loaded = stopwatch.Elapsed;
        var report = await diagnoser.DiagnoseAsync(cluster, source, request);
        var proposals = ProposalPlanner.Plan(report);
        var cold = stopwatch.Elapsed;
        var coldAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var samples = new double[options.Iterations];
        var warmAllocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var again = await diagnoser.DiagnoseAsync(cluster, source, request);
            _ = ProposalPlanner.Plan(again);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        var warmAllocated = (GC.GetTotalAllocatedBytes(precise: true) - warmAllocatedBefore) / Math.Max(1, samples.Length);
        Array.Sort(samples);

        if (Environment.GetEnvironmentVariable("MESHBOT_BENCH_BREAKDOWN") == "1")
        {
            var path = new PathResolver(cluster, new MeshOptions()).Resolve(request);
            var logs = new MeshBot.Diagnosis.Logs.PathLogs(await Task.WhenAll(report.Path.Ends.SelectMany(e => e.Pods).Where(p => p.HasSidecar)
                .Select(p => source.ReadLogAsync(new ContainerRef(p.Namespace!, p.Name, "istio-proxy"), 200, CancellationToken.None))));
            foreach (var check in CheckCatalogue.All)
            {
                var one = new Diagnoser(new MeshOptions(), TimeProvider.System, [check]);
                var t = Stopwatch.GetTimestamp();
                for (var i = 0; i < 100; i++)
                {
                    one.Diagnose(cluster, request, path, logs, out _);
                }
                Console.WriteLine($"  {check.Name,-24} {Stopwatch.GetElapsedTime(t).TotalMilliseconds / 100:F3} ms");
            }
            var r = Stopwatch.GetTimestamp();
            for (var i = 0; i < 100; i++)
            {
                new PathResolver(cluster, new MeshOptions()).Resolve(request);
            }
            Console.WriteLine($"  {"path",-24} {Stopwatch.GetElapsedTime(r).TotalMilliseconds / 100:F3} ms");
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine($"cluster    {cluster.Pods.All.Count:N0} pods, {cluster.Namespaces.All.Count:N0} namespaces, "
            + $"{cluster.PeerAuthentications.All.Count + cluster.DestinationRules.All.Count + cluster.AuthorizationPolicies.All.Count:N0} Istio policies");
        Console.WriteLine($"diagnosed  {request.Target} from {request.Source} port {request.Port}: verdict {report.Verdict.Branch}, {report.Findings.Count} findings, {proposals.Count} proposals");
        Console.WriteLine($"load                      {loaded.TotalMilliseconds,9:F0} ms");
        Console.WriteLine($"load + first diagnosis    {cold.TotalMilliseconds,9:F0} ms   {coldAllocated / 1024.0 / 1024.0,8:F1} MiB allocated   (target < 2000 ms)");
        Console.WriteLine($"diagnosis, loaded cluster {Percentile(samples, 0.5),9:F2} ms median  {Percentile(samples, 0.95):F2} ms p95  {samples[^1]:F2} ms max  "
            + $"{warmAllocated / 1024.0:F0} KiB allocated each   ({samples.Length} runs; target < 20 ms)");
        Console.WriteLine($"peak working set          {self.PeakWorkingSet64 / 1024.0 / 1024.0,9:F0} MiB   (target < 500 MiB)");
        return 0;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
