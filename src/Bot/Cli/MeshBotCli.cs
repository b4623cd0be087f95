using System.CommandLine;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Cluster.Kubernetes.Config;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Bot.Cli;

/// <summary>
/// The <c>meshbot</c> command line. Anything that prevents a command from completing — bad input, an
/// unreadable snapshot, an empty or damaged store file — is one line on stderr naming the cause and exit code 2; a completed diagnosis
/// exits 0 whatever it found.
/// </summary>
internal static class MeshBotCli
{
    public const int Failed = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default, TextReader? input = null)
    {
        var root = new RootCommand("MeshBot: walks the Istio mTLS-failure runbook against a cluster or a snapshot.")
        {
            DiagnoseCommand.Create(output),
            SnapshotCommand.Create(output, error),
            DemoCommand.Create(output, input ?? Console.In),
            AuditCommand.Create(output, error),
            ServeCommand.Create(),
            WorkflowCommand.Create(output),
            Operations.CheckConfig.CheckConfigCommand.Create(output),
        };
        var help = root.Options.OfType<System.CommandLine.Help.HelpOption>().Single();
        help.Action = new SettingsHelpAction((System.CommandLine.Invocation.SynchronousCommandLineAction)help.Action!);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not SettingsHelpAction) // `diagnose --help` is help, not a missing TARGET
        {
            await error.WriteLineAsync($"meshbot: {ParseErrors.OneLine(parsed)}").ConfigureAwait(false);
            return Failed;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            if (parsed.CommandResult.Command.Name == "serve")
            {
                // System.CommandLine would end the process 2 s after SIGTERM (exit 143); the host's own lifetime handles
                // the signal instead and drains queued work within MeshBot:Work:ShutdownTimeout.
                configuration.ProcessTerminationTimeout = null;
            }
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CliException or DiagnosisInputException or SnapshotException or StoreFileException or ArgumentException
            or KubernetesConfigException or KubernetesUnreachableException or KubernetesApiException)
        {
            await error.WriteLineAsync($"meshbot: {e.Message}").ConfigureAwait(false);
            return Failed;
        }
    }
}
