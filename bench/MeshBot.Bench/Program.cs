using System.Diagnostics;
using System.Globalization;
using MeshBot.Bench;

// bench/MeshBot.Bench: generates a synthetic cluster, then measures loading and diagnosing it in a fresh process
// (so peak memory is the diagnosis's own, not the generator's).
//   dotnet run -c Release --project bench/MeshBot.Bench                 # 1,000 namespaces, 10,000 pods, 3,000 policies, JSON
//   dotnet run -c Release --project bench/MeshBot.Bench -- --yaml       # the same cluster as YAML
//   ... -- --namespaces 200 --pods-per-namespace 10 --policies 600 --iterations 500
//   dotnet run -c Release --project bench/MeshBot.Bench -- --live       # the same cluster behind the Kubernetes API emulator, 5 ms per request
//   dotnet run -c Release --project bench/MeshBot.Bench -- --chat       # meshbot serve under an alert burst and 200 concurrent slash commands
//   dotnet run -c Release --project bench/MeshBot.Bench -- --hostile    # time and peak RSS of each refused hostile snapshot (alias bomb, FIFO, ...)
if (args.Contains("--chat"))
{
    return await ChatMeasurement.RunAsync();
}
if (args.Contains("--hostile"))
{
    return await HostileMeasurement.RunAsync();
}
if (Array.IndexOf(args, "--hostile-case") is var hostile and >= 0)
{
    return await HostileMeasurement.MeasureAsync(args[hostile + 1], args[hostile + 2]);
}
var options = BenchOptions.Parse(args);
if (options.MeasureDirectory is { } measure)
{
    return options.Live ? await LiveMeasurement.RunAsync(measure, options) : await Measurement.RunAsync(measure, options);
}

var dir = options.KeepDirectory ?? Directory.CreateTempSubdirectory("meshbot-bench-").FullName;
var stopwatch = Stopwatch.StartNew();
var generator = new SyntheticCluster(options.Shape);
var policies = generator.Write(dir, options.Yaml);
var bytes = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
Console.WriteLine($"generated  {options.Shape.Namespaces:N0} namespaces, {options.Shape.Namespaces * options.Shape.PodsPerNamespace:N0} pods, {policies:N0} Istio policies "
    + $"as {(options.Yaml ? "YAML" : "JSON")} ({bytes / 1024.0 / 1024.0:F1} MiB) in {stopwatch.Elapsed.TotalSeconds:F1} s: {dir}");

using var process = Process.Start(BenchProcess.Self(args.Append("--measure").Append(dir)))!;
await process.WaitForExitAsync();
if (options.KeepDirectory is null)
{
    Directory.Delete(dir, recursive: true);
}
return process.ExitCode;

internal sealed record BenchOptions(ClusterShape Shape, bool Yaml, int Iterations, string? KeepDirectory, string? MeasureDirectory, bool Live, int LatencyMs)
{
    public static BenchOptions Parse(string[] args)
    {
        int Int(string name, int fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        string? Text(string name) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : null;
        var target = ClusterShape.Target;
        return new BenchOptions(
            new ClusterShape(Int("--namespaces", target.Namespaces), Int("--pods-per-namespace", target.PodsPerNamespace), Int("--policies", target.Policies)),
            args.Contains("--yaml"),
            Int("--iterations", 200),
            Text("--keep"),
            Text("--measure"),
            args.Contains("--live"),
            Int("--latency-ms", 5));
    }
}

/// <summary>This benchmark again, as a fresh process (so that what it measures starts from nothing).</summary>
internal static class BenchProcess
{
    public static ProcessStartInfo Self(IEnumerable<string> args)
    {
        var child = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            child.ArgumentList.Add(typeof(BenchOptions).Assembly.Location);
        }
        foreach (var arg in args)
        {
            child.ArgumentList.Add(arg);
        }
        return child;
    }
}
