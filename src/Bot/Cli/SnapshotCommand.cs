using System.CommandLine;
using MeshBot.Bot.Configuration;
using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Bot.Cli;

/// <summary>
/// <c>meshbot snapshot --out DIR</c>: captures everything the checks read, in the snapshot layout, with progress
/// on stderr, and ends with the manifest of what each list was (complete, forbidden, not installed). Secrets are written as certificates only. Logs: istiod, and istio-proxy of the same pods a
/// diagnosis samples (the first <see cref="LogSampling.PodsPerWorkload"/> sidecar pods of each workload), so the
/// snapshot diagnoses like the live cluster.
/// </summary>
internal static class SnapshotCommand
{
    public static Command Create(TextWriter output, TextWriter progress)
    {
        var outDir = new Option<string>("--out") { Description = "Directory to write the snapshot to (created; must be empty).", Required = true };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = $"Kubeconfig file ({LiveCluster.Order})." };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context." };
        var maxLogs = new Option<int>("--max-logs") { Description = "At most this many container logs.", DefaultValueFactory = _ => 1000 };
        var command = new Command("snapshot", "Capture the cluster objects and logs the diagnosis reads into a support bundle.")
        {
            outDir, kubeconfig, context, maxLogs,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = PrepareDirectory(parse.GetValue(outDir)!);
            var configuration = MeshBotConfiguration.Load();
            var mesh = MeshBotConfiguration.Mesh(configuration);
            using var live = LiveCluster.Connect(parse.GetValue(kubeconfig), parse.GetValue(context), configuration, mesh);
            await progress.WriteLineAsync($"meshbot snapshot: {live.Transport.Endpoint.Description} ({live.Transport.Endpoint.Server}) → {directory}").ConfigureAwait(false);

            var lists = new List<ListResult>();
            foreach (var kind in ResourceKinds.All)
            {
                var list = await live.Source.ListAsync(kind, cancellationToken).ConfigureAwait(false);
                lists.Add(list);
                await progress.WriteLineAsync($"  {kind.Plural,-32} {Describe(list)}").ConfigureAwait(false);
                if (list.Status == ReadStatus.Ok && list.Items.Count > 0)
                {
                    await SnapshotWriter.WriteKindAsync(directory, list, cancellationToken).ConfigureAwait(false);
                }
            }

            var cluster = ClusterState.From(live.Source.Description, lists.SelectMany(l => l.Items));
            var logs = LogTargets(cluster, mesh).Take(parse.GetValue(maxLogs)).ToArray();
            var written = 0;
            foreach (var chunk in logs.Chunk(16))
            {
                var results = await Task.WhenAll(chunk.Select(c => live.Source.ReadLogAsync(c, Diagnosis.Logs.PathLogs.TailLines, cancellationToken))).ConfigureAwait(false);
                foreach (var log in results.Where(r => r.Status == ReadStatus.Ok))
                {
                    await SnapshotWriter.WriteLogAsync(directory, log, cancellationToken).ConfigureAwait(false);
                    written++;
                }
                await progress.WriteLineAsync($"  logs {written}/{logs.Length}").ConfigureAwait(false);
            }

            // Last, so an interrupted capture has no manifest and reads as the hand-made bundle it is.
            await SnapshotWriter.WriteManifestAsync(directory, live.Source.Description, TimeProvider.System.GetUtcNow(), lists, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"snapshot written to {directory}: {lists.Sum(l => l.Items.Count):N0} objects, {written} logs, {live.Transport.Requests} API requests").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static IEnumerable<ContainerRef> LogTargets(ClusterState cluster, Diagnosis.Mesh.MeshOptions mesh)
    {
        var resolver = new PathResolver(cluster, mesh);
        var proxies = cluster.Namespaces.All
            .SelectMany(ns => resolver.Resolve(new DiagnosisRequest(new TargetSpec(ns.Name, null))).Server.Units);
        return LogSampling.Istiod(cluster, mesh).Concat(LogSampling.Proxies(proxies)).Concat(LogSampling.Ztunnels(cluster, null)).Distinct();
    }

    private static string Describe(ListResult list) => list.Status switch
    {
        ReadStatus.Ok => $"{list.Items.Count:N0}",
        ReadStatus.NotInstalled => "not installed",
        _ => $"forbidden: {list.Message}",
    };

    private static string PrepareDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full) || (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any()))
        {
            throw new CliException($"--out {path} exists and is not an empty directory");
        }
        Directory.CreateDirectory(full);
        return full;
    }
}
