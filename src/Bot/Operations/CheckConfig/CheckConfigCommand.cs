using System.CommandLine;
using MeshBot.Bot.Cli;
using MeshBot.Bot.Configuration;

namespace MeshBot.Bot.Operations.CheckConfig;

/// <summary>
/// <c>meshbot check-config [--kubeconfig FILE] [--context NAME] [--MeshBot:Key=value …]</c>: validates the configuration
/// <c>meshbot serve</c> would run with (appsettings.json, the environment, and the same <c>--Section:Key=value</c>
/// overrides serve takes) and tries every credential, one line per check (✓ works, ✗ does not, - not configured).
/// Exit code 0 when nothing failed, 1 when a check failed.
/// </summary>
internal static class CheckConfigCommand
{
    public const int ChecksFailed = 1;

    public static Command Create(TextWriter output, HttpMessageHandler? handler = null)
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = $"Kubeconfig file ({LiveCluster.Order})." };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context." };
        var command = new Command("check-config", "Validate the configuration and try every credential: store, Kubernetes RBAC (one access review per verb), Slack, Bot Framework. Exit 1 when a check fails.")
        {
            kubeconfig, context,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = SettingArguments.Validate("check-config", [.. parse.UnmatchedTokens]);
            var configuration = new ConfigurationBuilder()
                .AddConfiguration(MeshBotConfiguration.Load())
                .AddCommandLine(overrides)
                .Build();
            var checks = new ConfigChecks(configuration, parse.GetValue(kubeconfig), parse.GetValue(context), handler);
            var passed = await checks.RunAsync(result => output.WriteLineAsync(result.Line), cancellationToken).ConfigureAwait(false);
            return passed ? 0 : ChecksFailed;
        });
        return command;
    }
}
