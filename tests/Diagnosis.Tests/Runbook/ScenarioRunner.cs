using MeshBot.Testing;
using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Logs;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;


namespace MeshBot.Diagnosis.Tests.Runbook;

/// <summary>Materializes a fixture and diagnoses it, returning the report and, per check, the kinds it read.</summary>
internal static class ScenarioRunner
{
    public static async Task<(DiagnosisReport Report, IReadOnlyDictionary<string, IReadOnlySet<ResourceKind>> Reads)> RunAsync(Scenario scenario)
    {
        using var fixture = FixtureSnapshot.Materialize(scenario.Fixture);
        var source = new SnapshotSource(fixture.Path);
        var cluster = await ClusterState.LoadAsync(source);
        var options = new MeshOptions();
        var path = new PathResolver(cluster, options).Resolve(scenario.Request);
        var diagnoser = new Diagnoser(options, TimeProvider.System);
        var withLogs = await diagnoser.DiagnoseAsync(cluster, source, scenario.Request);
        var logs = new PathLogs(await Task.WhenAll(withLogs.Path.Ends.SelectMany(e => e.Pods)
            .Where(p => p.HasSidecar)
            .Select(p => new ContainerRef(p.Namespace!, p.Name, "istio-proxy"))
            .Concat(cluster.Pods.InNamespace("istio-system").Select(p => new ContainerRef("istio-system", p.Name, "discovery")))
            .Select(c => source.ReadLogAsync(c, PathLogs.TailLines, CancellationToken.None))));
        diagnoser.Diagnose(cluster, scenario.Request, path, logs, out var reads);
        return (withLogs, reads);
    }
}
