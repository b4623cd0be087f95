using System.CommandLine;
using MeshBot.Bot.Reports;
using MeshBot.Bot.Configuration;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Cli;

/// <summary>
/// <c>meshbot diagnose TARGET [--from SOURCE] [--port N] [--snapshot PATH | --kubeconfig FILE [--context NAME]] [--output text|json|markdown]</c>.
/// Without <c>--snapshot</c> it reads the live cluster (see <see cref="LiveCluster"/>).
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create(TextWriter output)
    {
        var target = new Argument<string>("TARGET") { Description = "The server: NAMESPACE or NAMESPACE/WORKLOAD (Deployment, StatefulSet, DaemonSet or pod)." };
        var from = new Option<string?>("--from") { Description = "The client: NAMESPACE or NAMESPACE/WORKLOAD." };
        var port = new Option<int?>("--port") { Description = "The port the client dials (the Service port)." };
        var snapshot = new Option<string?>("--snapshot") { Description = "A snapshot directory or file (kubectl get -o yaml|json output, logs/NS/POD/CONTAINER.log)." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = $"Kubeconfig file ({LiveCluster.Order})." };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context." };
        var format = new Option<string>("--output", "-o") { Description = "text, json or markdown.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(OutputFormats.Names);

        var command = new Command("diagnose", "Walk the mTLS-failure runbook for a path and print the verdict, evidence and proposed fixes.")
        {
            target, from, port, snapshot, kubeconfig, context, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = Request(parse.GetValue(target)!, parse.GetValue(from), parse.GetValue(port));
            var configuration = MeshBotConfiguration.Load();
            var mesh = MeshBotConfiguration.Mesh(configuration);
            using var live = parse.GetValue(snapshot) is null ? LiveCluster.Connect(parse.GetValue(kubeconfig), parse.GetValue(context), configuration, mesh) : null;
            IClusterSource source = live is null ? new SnapshotSource(parse.GetValue(snapshot)!) : live.Source;
            var report = await new Diagnoser(mesh, TimeProvider.System).DiagnoseAsync(source, request, cancellationToken).ConfigureAwait(false);
            var proposals = ProposalPlanner.Plan(report);
            await output.WriteAsync(OutputFormats.Render(parse.GetValue(format)!, report, proposals)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static DiagnosisRequest Request(string target, string? from, int? port)
    {
        if (port is < 1 or > 65535)
        {
            throw new CliException($"--port {port} is not a port number (1-65535)");
        }
        var server = TargetSpec.TryParse(target, out var t, out var targetError) ? t! : throw new CliException($"TARGET {targetError}");
        TargetSpec? client = null;
        if (from is not null)
        {
            client = TargetSpec.TryParse(from, out var s, out var sourceError) ? s : throw new CliException($"--from {sourceError}");
        }
        return new DiagnosisRequest(server, client, port);
    }
}
