using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using MeshBot.Testing;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>
/// A script of <c>tests/Oracles</c> (the chat platforms' own SDKs under Node) run once per suite: the corpus goes in on
/// stdin as JSON lines, the SDK's decisions come back as JSON lines. A missing Node or <c>npm ci</c> fails the test with
/// the command that fixes it; these tests are never skipped.
/// </summary>
internal static class NodeOracle
{
    public static readonly string Folder = Path.Combine(RepositoryRoot.Find(), "tests", "Oracles");

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<JsonElement>> RunAsync(string script, IEnumerable<string> lines, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(Path.Combine(Folder, "node_modules", ".package-lock.json")))
        {
            Assert.Fail($"{Folder}/node_modules is missing: run `npm ci --prefix tests/Oracles` (./test.sh does it when Node and npm are installed)");
        }
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"node is not on PATH ({e.Message}): the SDK oracle tests need Node.js 20 and `npm ci --prefix tests/Oracles`");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            foreach (var line in lines)
            {
                await process.StandardInput.WriteLineAsync(line);
            }
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node {script} did not finish within {Timeout.TotalSeconds} s: {await stderr}");
            }
            if (process.ExitCode != 0)
            {
                Assert.Fail($"node {script} exited {process.ExitCode}: {await stderr}");
            }
            return [.. (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        }
    }
}
