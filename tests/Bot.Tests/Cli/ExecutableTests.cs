using System.Diagnostics;
using System.Text.Json.Nodes;
using MeshBot.Testing;

namespace MeshBot.Bot.Tests.Cli;

/// <summary>The built <c>meshbot</c> executable as a separate process: exit codes and streams as a shell sees them.</summary>
public sealed class ExecutableTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "meshbot.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Meshbot_DiagnoseFixture_ExitsZeroWithJsonOnStdout()
    {
        using var snapshot = FixtureSnapshot.Materialize("platform-to-strict");

        var (exit, output, error) = await RunAsync("diagnose", "payments/api", "--from", "monitoring/prometheus", "--port", "80", "--snapshot", snapshot.Path, "-o", "json");

        Assert.True(exit == 0, error);
        Assert.Equal("platform-namespace", (string?)JsonNode.Parse(output)!["verdict"]!["branch"]);
    }

    [Fact]
    public async Task Meshbot_UnknownNamespace_ExitsTwoWithOneLine()
    {
        using var snapshot = FixtureSnapshot.Materialize("healthy");

        var (exit, output, error) = await RunAsync("diagnose", "billing/api", "--snapshot", snapshot.Path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"meshbot: namespace billing not found in snapshot {snapshot.Path}", error.Trim());
    }
}
