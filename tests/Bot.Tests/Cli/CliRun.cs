using MeshBot.Bot.Cli;

namespace MeshBot.Bot.Tests.Cli;

internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real command line in-process with captured output.</summary>
internal static class CliRun
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new StringReader(""), args);

    public static async Task<CliResult> RunAsync(TextReader input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MeshBotCli.RunAsync(args, output, error, input: input);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
