using System.Diagnostics;
using System.Text.Json.Nodes;
using MeshBot.Testing;

namespace MeshBot.Bot.Tests.Cli;

/// <summary>The built <c>meshbot</c> executable as a separate process: exit codes and streams as a shell sees them.</summary>
public sealed class ExecutableTests
{
    /// <summary>Runs <c>dotnet meshbot.dll ARGS</c>; one that has not finished within <paramref name="timeout"/> (60 s) is killed and fails the test.</summary>
    internal static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "meshbot.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MeshBot__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        // The runtime's GC heap is capped: input that would make meshbot grow without bound fails the test instead of the machine.
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x20000000";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value; // null removes it
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"meshbot {string.Join(' ', args)} did not finish within {timeout ?? TimeSpan.FromSeconds(60)}:\n{await output}\n{await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>Exit 2 and exactly one line on stderr, with no stack frame on either stream; returns the line.</summary>
    internal static string AssertOneLineFailure((int Exit, string Output, string Error) run)
    {
        Assert.True(run.Exit == 2, $"exit {run.Exit}:\n{run.Output}\n{run.Error}");
        Assert.DoesNotContain("   at ", run.Output + run.Error);
        return Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
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
    public async Task Meshbot_DiagnoseOneNamespacesFile_InconclusiveWithoutRestartingIstiod()
    {
        // The issue's bundle: the example's payments objects alone, one file with no istio-system and no webhooks.
        var file = Path.Combine(RepositoryRoot.Find(), "examples", "platform-to-strict", "payments.yaml");

        var (exit, output, error) = await RunAsync("diagnose", "payments/api", "--snapshot", file, "-o", "json");

        Assert.True(exit == 0, error);
        var json = JsonNode.Parse(output)!;
        Assert.NotEqual("injection-webhook", (string?)json["verdict"]!["branch"]);
        Assert.DoesNotContain(json["remediations"]!.AsArray(), r => (string?)r!["action"] == "restart-istiod");
        var webhook = json["steps"]!.AsArray().Single(s => (string?)s!["branch"] == "injection-webhook")!;
        Assert.Equal("inconclusive", (string?)webhook["result"]);
        Assert.Contains(webhook["evidence"]!.AsArray(), e => (string?)e!["command"] == "kubectl get mutatingwebhookconfigurations -o yaml");
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

    [Fact]
    public async Task Meshbot_ServeOnAnEmptyStoreFile_ExitsWithOneLineAndNoStackTrace()
    {
        using var stores = new Store.DamagedStores();
        var path = await stores.WriteAsync(Store.DamagedStores.Empty);
        // A kubeconfig that loads (nothing dials it before the store is open), so only the store can stop serve.
        var kubeconfig = Path.Combine(stores.Directory, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """);

        var run = await RunAsync(["serve", "--urls", "http://127.0.0.1:0", $"--MeshBot:Store:ConnectionString=Data Source={path}", $"--MeshBot:Kubernetes:Kubeconfig={kubeconfig}"]);

        Assert.Equal($"meshbot: store {path} is empty (0 bytes) but existed: restore it from a backup (with its -wal file) or move it away to start a new store", AssertOneLineFailure(run));
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public async Task Meshbot_ServeWithNoKubeconfigAnywhere_ExitsWithOneLineAndCreatesNothing()
    {
        var home = Directory.CreateTempSubdirectory("meshbot-home-").FullName;
        try
        {
            var store = Path.Combine(home, "meshbot.db");

            var run = await RunAsync(["serve", "--urls", "http://127.0.0.1:0", $"--MeshBot:Store:ConnectionString=Data Source={store}"], null,
                new Dictionary<string, string?> { ["HOME"] = home, ["KUBECONFIG"] = null, ["KUBERNETES_SERVICE_HOST"] = null });

            Assert.Equal($"meshbot: no kubeconfig: pass --kubeconfig, set $KUBECONFIG, or create {Path.Combine(home, ".kube", "config")}", AssertOneLineFailure(run));
            Assert.False(File.Exists(store));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task Meshbot_Demo_LeavesNoStoreBehind()
    {
        var temp = Directory.CreateTempSubdirectory("meshbot-tmp-").FullName;
        try
        {
            var run = await RunAsync(["demo", "--auto-approve"], null, new Dictionary<string, string?> { ["TMPDIR"] = temp });

            Assert.True(run.Exit == 0, run.Output + run.Error);
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task Meshbot_DiagnoseAnAliasBomb_ExitsTwoWithOneLine()
    {
        var dir = Directory.CreateTempSubdirectory("meshbot-bomb-");
        try
        {
            var bomb = Path.Combine(dir.FullName, "configmaps.yaml");
            HostileFiles.AliasBomb(bomb);

            var line = AssertOneLineFailure(await RunAsync(["diagnose", "payments/api", "--snapshot", dir.FullName]));

            Assert.StartsWith($"meshbot: {bomb}: invalid YAML at line ", line);
            Assert.Contains("aliases expand to more than 1 MiB", line);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Meshbot_DiagnoseWithAFifoAsALog_ExitsTwoWithOneLine()
    {
        using var snapshot = FixtureSnapshot.Materialize("healthy");
        var log = Path.Combine(snapshot.Path, "logs", "istio-system", "istiod-7d4b9c8f5-abcde", "discovery.log");
        File.Delete(log);
        HostileFiles.Fifo(log);

        var line = AssertOneLineFailure(await RunAsync(["diagnose", "payments/api", "--snapshot", snapshot.Path]));

        Assert.Equal($"meshbot: {log}: a FIFO, not a regular file", line);
    }
}
