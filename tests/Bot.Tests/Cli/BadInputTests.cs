using MeshBot.Testing;

namespace MeshBot.Bot.Tests.Cli;

/// <summary>Anything that prevents a diagnosis: one line on stderr naming the cause, no stack trace, exit code 2.</summary>
public sealed class BadInputTests : IClassFixture<BadInputTests.Healthy>
{
    public sealed class Healthy : IDisposable
    {
        public FixtureSnapshot Snapshot { get; } = FixtureSnapshot.Materialize("healthy");

        public void Dispose() => Snapshot.Dispose();
    }

    private readonly string _snapshot;

    public BadInputTests(Healthy healthy) => _snapshot = healthy.Snapshot.Path;

    public static TheoryData<string[], string> Cases => new()
    {
        { ["diagnose", "Payments/api", "--snapshot", "{snapshot}"], "'Payments' is not a valid namespace name" },
        { ["diagnose", "payments/api/extra", "--snapshot", "{snapshot}"], "is not NAMESPACE or NAMESPACE/WORKLOAD" },
        { ["diagnose", "payments/api_v2", "--snapshot", "{snapshot}"], "'api_v2' is not a valid workload name" },
        { ["diagnose", "billing/api", "--snapshot", "{snapshot}"], "namespace billing not found" },
        { ["diagnose", "payments/web", "--snapshot", "{snapshot}"], "no Deployment, StatefulSet, DaemonSet or pod named web in namespace payments" },
        { ["diagnose", "payments/api", "--from", "orders/", "--snapshot", "{snapshot}"], "--from" },
        { ["diagnose", "payments/api", "--port", "70000", "--snapshot", "{snapshot}"], "--port 70000 is not a port number" },
        { ["diagnose", "payments/api", "--port", "eighty", "--snapshot", "{snapshot}"], "eighty" },
        { ["diagnose", "payments/api", "--port", "5432", "--snapshot", "{snapshot}"], "no Service or container of payments/api exposes port 5432" },
        { ["diagnose", "payments/api", "--output", "yaml", "--snapshot", "{snapshot}"], "yaml" },
        { ["diagnose", "payments/api", "--snapshot", "/nonexistent/bundle"], "snapshot /nonexistent/bundle does not exist" },
        { ["diagnose", "payments/api", "--kubeconfig", "/nonexistent/config"], "kubeconfig /nonexistent/config does not exist" },
        { ["snapshot", "--out", "{snapshot}"], "exists and is not an empty directory" },
        { ["snapshot"], "--out" },
        { ["diagnose"], "TARGET" },
        { ["frobnicate"], "unknown command 'frobnicate'; the commands are diagnose, snapshot, demo, audit, serve, workflow, check-config" },
        { ["diagnose", "payments/api", "--port", "abc", "--snapshot", "{snapshot}"], "--port 'abc' is not a whole number" },
        { ["snapshot", "--out", "/tmp/x", "--max-logs", "many"], "--max-logs 'many' is not a whole number" },
        { ["serve", "--bogus"], "serve: unknown option or argument '--bogus'" },
        { ["serve", "--port", "abc"], "serve: unknown option or argument '--port'" },
        { ["serve", "--MeshBot:Approval:Expiry"], "--MeshBot:Approval:Expiry has no value" },
        { ["serve", "--urls", "notaurl"], "serve: --urls 'notaurl' is not an address to listen on" },
        { ["check-config", "--bogus"], "check-config: unknown option or argument '--bogus'" },
        { ["audit", "export", "--store", "/nonexistent/dir/x.db"], "no store at /nonexistent/dir/x.db: nothing was recorded there" },
        { ["audit", "export", "--store", "Data Source=/nonexistent/dir/x.db"], "no store at /nonexistent/dir/x.db" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Diagnose_BadInput_OneLineOnStderrAndExitTwo(string[] args, string expected)
    {
        var result = await CliRun.RunAsync(args.Select(a => a.Replace("{snapshot}", _snapshot, StringComparison.Ordinal)).ToArray());

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        var line = Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("meshbot: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.DoesNotContain("System.", line); // no CLR type names
    }

    [Fact]
    public async Task Help_OfEveryCommandThatConnects_GivesTheSameConnectionOrder()
    {
        var helps = await Task.WhenAll(new[] { "diagnose", "snapshot", "check-config" }.Select(c => CliRun.RunAsync(c, "--help")));

        Assert.All(helps, h => Assert.Contains("else the pod's service account in a pod", string.Join(' ', h.Output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))));
    }

    [Theory]
    [InlineData("serve", "--urls <URL>")]
    [InlineData("check-config", "--kubeconfig <kubeconfig>")]
    public async Task Help_OfACommandTakingSettings_ListsItsOptionsAndHowToSetAKey(string command, string option)
    {
        var result = await CliRun.RunAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(option, result.Output);
        Assert.Contains("--MeshBot:Section:Key=value", result.Output);
        Assert.Contains("MeshBot__Approval__Expiry", result.Output);
        Assert.DoesNotContain("additional arguments", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(result.Output.Count(c => c == '['), result.Output.Count(c => c == ']'));
    }

    [Fact]
    public async Task Diagnose_MalformedSnapshotFile_NamesTheFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("meshbot-bad-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "broken.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [payments\n");

            var result = await CliRun.RunAsync("diagnose", "payments", "--snapshot", dir.FullName);

            Assert.Equal(2, result.ExitCode);
            Assert.Matches("^meshbot: .*broken.yaml: invalid YAML at line [0-9]+", result.Error);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
