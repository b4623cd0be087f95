using System.Diagnostics;
using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.Testing;

namespace MeshBot.Bench;

/// <summary>
/// How long each bounded refusal of a hostile snapshot takes and how much memory it costs: every input (HostileFiles) is
/// written to a temporary directory and read by a fresh process, so that its peak RSS is that input's alone.
/// <c>--hostile</c> prints one line per input: <c>alias-bomb  refused in 12 ms, peak RSS 80 MiB (75 MiB before reading)</c>.
/// </summary>
internal static class HostileMeasurement
{
    private static readonly (string Name, Func<string, string> Write)[] Inputs =
    [
        ("alias-bomb", dir => InDirectory(dir, "configmaps.yaml", HostileFiles.AliasBomb)),
        ("deep-yaml", dir => InDirectory(dir, "configmaps.yaml", p => HostileFiles.DeepYaml(p))),
        ("deep-json", dir => InDirectory(dir, "configmaps.json", p => HostileFiles.DeepJson(p))),
        ("fifo-snapshot", dir => Alone(dir, "cluster.yaml", HostileFiles.Fifo)),
        ("fifo-log", dir => InDirectory(dir, "logs/payments/api-1/istio-proxy.log", HostileFiles.Fifo)),
        ("sparse-2gib", dir => InDirectory(dir, "pods.yaml", p => HostileFiles.Sparse(p, 2L * 1024 * 1024 * 1024))),
    ];

    /// <summary>The parent: writes each input, measures it in a child, prints the child's line.</summary>
    public static async Task<int> RunAsync()
    {
        var root = Directory.CreateTempSubdirectory("meshbot-hostile-");
        try
        {
            var failures = 0;
            foreach (var (name, write) in Inputs)
            {
                var snapshot = write(Path.Combine(root.FullName, name));
                using var child = Process.Start(BenchProcess.Self(["--hostile-case", name, snapshot]))!;
                await child.WaitForExitAsync();
                failures += child.ExitCode == 0 ? 0 : 1;
            }
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>The child: reads the one input as <c>meshbot diagnose --snapshot</c> would, and reports the refusal.</summary>
    public static async Task<int> MeasureAsync(string name, string snapshot)
    {
        var before = PeakMiB();
        var clock = Stopwatch.StartNew();
        string outcome;
        try
        {
            var source = new SnapshotSource(snapshot);
            await ClusterState.LoadAsync(source);
            await source.ReadLogAsync(new ContainerRef("payments", "api-1", "istio-proxy"), 200, CancellationToken.None);
            outcome = "ACCEPTED (not refused)";
        }
        catch (SnapshotException e)
        {
            outcome = $"refused in {clock.ElapsedMilliseconds:N0} ms, peak RSS {PeakMiB():N0} MiB ({before:N0} MiB before reading): {e.Message}";
        }
        Console.WriteLine($"{name,-14} {outcome}");
        return outcome.StartsWith("refused", StringComparison.Ordinal) ? 0 : 1;
    }

    // The snapshot is the directory holding the input…
    private static string InDirectory(string dir, string relative, Action<string> write)
    {
        write(Path.Combine(dir, relative));
        return dir;
    }

    // …or the input itself.
    private static string Alone(string dir, string name, Action<string> write)
    {
        var path = Path.Combine(dir, name);
        write(path);
        return path;
    }

    private static double PeakMiB()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / 1024.0 / 1024.0;
    }
}
