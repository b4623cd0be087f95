using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator;
using MeshBot.Testing;
using Emulator = MeshBot.KubernetesEmulator.KubernetesEmulator;

namespace MeshBot.Bot.Tests.Cli;

/// <summary>
/// <c>meshbot diagnose --kubeconfig</c> and <c>meshbot snapshot</c> against the Kubernetes API emulator serving each
/// scenario: the live answer is the snapshot's answer, and a captured snapshot diagnoses like the live cluster.
/// </summary>
public sealed class LiveDiagnoseTests
{
    private const string Token = "meshbot-token";

    public static TheoryData<Scenario> Scenarios => new(Scenario.All);

    private static async Task<(Emulator Emulator, string Kubeconfig)> ServeAsync(FixtureSnapshot snapshot)
    {
        var emulator = await Emulator.StartAsync(new EmulatorOptions
        {
            SnapshotPath = snapshot.Path,
            Tokens = new Dictionary<string, EmulatorUser> { [Token] = new("system:serviceaccount:meshbot:meshbot") },
        });
        return (emulator, emulator.WriteKubeconfig(Path.Combine(snapshot.Path, "..", Path.GetFileName(snapshot.Path) + ".kubeconfig"), EmulatorCredential.Token(Token)));
    }

    private static string[] Args(Scenario scenario, params string[] source)
    {
        var args = new List<string> { "diagnose", scenario.Target, "-o", "json" };
        args.AddRange(source);
        if (scenario.From is not null)
        {
            args.AddRange(["--from", scenario.From]);
        }
        if (scenario.Port is { } port)
        {
            args.AddRange(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        return [.. args];
    }

    private static string WithoutTimestamp(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("diagnosedAt");
        return node.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Diagnose_EmulatorServingTheFixture_GivesTheSnapshotsJson(Scenario scenario)
    {
        using var snapshot = FixtureSnapshot.Materialize(scenario.Fixture);
        var (emulator, kubeconfig) = await ServeAsync(snapshot);
        await using (emulator)
        {
            var fromSnapshot = await CliRun.RunAsync(Args(scenario, "--snapshot", snapshot.Path));
            var fromApi = await CliRun.RunAsync(Args(scenario, "--kubeconfig", kubeconfig));

            Assert.True(fromApi.ExitCode == 0, fromApi.Error);
            Assert.Equal(WithoutTimestamp(fromSnapshot.Output), WithoutTimestamp(fromApi.Output));
        }
    }

    [Fact]
    public async Task Snapshot_WebhooksListedEmpty_ManifestSaysCapturedAndReplayDiagnosesLikeLive()
    {
        var scenario = new Scenario("healthy", "payments/api", null, null, "injection-webhook", "", "");
        using var snapshot = FixtureSnapshot.Materialize(scenario.Fixture);
        File.Delete(Path.Combine(snapshot.Path, "webhook.yaml"));

        await CaptureAsync(snapshot, async (captured, kubeconfig, _) =>
        {
            var live = await CliRun.RunAsync(Args(scenario, "--kubeconfig", kubeconfig));
            var replayed = await CliRun.RunAsync(Args(scenario, "--snapshot", captured));

            Assert.False(File.Exists(Path.Combine(captured, "mutatingwebhookconfigurations.json")));
            var kinds = JsonNode.Parse(File.ReadAllText(Path.Combine(captured, "meshbot-snapshot.json")))!["kinds"]!.AsArray();
            var webhooks = kinds.Single(k => (string?)k!["kind"] == "MutatingWebhookConfiguration")!;
            Assert.Equal(("complete", 0), ((string?)webhooks["status"], (int?)webhooks["items"]));
            Assert.Equal(scenario.Verdict, (string?)JsonNode.Parse(live.Output)!["verdict"]!["branch"]);
            Assert.Equal(WithoutTimestamp(live.Output), WithoutTimestamp(replayed.Output));
        });
    }

    [Theory]
    [InlineData("ca-expired")]
    [InlineData("private-keys")]
    [InlineData("webhook-down-ignore")]
    public async Task Snapshot_FromTheEmulator_RoundTripsAndHoldsNoKeys(string fixture)
    {
        var scenario = Scenario.All.First(s => s.Fixture == fixture);
        using var snapshot = FixtureSnapshot.Materialize(fixture);

        await CaptureAsync(snapshot, async (captured, kubeconfig, snapshotRun) =>
        {
            var live = await CliRun.RunAsync(Args(scenario, "--kubeconfig", kubeconfig));
            var replayed = await CliRun.RunAsync(Args(scenario, "--snapshot", captured));

            Assert.Contains("snapshot written to", snapshotRun.Output);
            Assert.Contains("pods", snapshotRun.Error);
            Assert.Equal(scenario.Verdict, (string?)JsonNode.Parse(live.Output)!["verdict"]!["branch"]);
            Assert.Equal((string?)JsonNode.Parse(live.Output)!["verdict"]!["branch"], (string?)JsonNode.Parse(replayed.Output)!["verdict"]!["branch"]);
            Assert.True(File.Exists(Path.Combine(captured, "pods.json")));
            Assert.True(Directory.Exists(Path.Combine(captured, "logs", "istio-system")));

            var written = string.Concat(Directory.EnumerateFiles(captured, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
            Assert.DoesNotContain("PRIVATE KEY", written);
            foreach (var key in snapshot.Certificates.Values.Select(c => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(c.PrivateKeyPem))[..40]))
            {
                Assert.DoesNotContain(key, written);
            }
        });
    }

    /// <summary>Serves the fixture, captures it with <c>meshbot snapshot</c>, hands the captured directory, the kubeconfig and the run to <paramref name="check"/>, then removes the capture.</summary>
    private static async Task CaptureAsync(FixtureSnapshot snapshot, Func<string, string, CliResult, Task> check)
    {
        var (emulator, kubeconfig) = await ServeAsync(snapshot);
        var captured = Path.Combine(Path.GetTempPath(), $"meshbot-captured-{Guid.NewGuid():N}");
        try
        {
            await using (emulator)
            {
                var snapshotRun = await CliRun.RunAsync("snapshot", "--out", captured, "--kubeconfig", kubeconfig);
                Assert.True(snapshotRun.ExitCode == 0, snapshotRun.Error);
                await check(captured, kubeconfig, snapshotRun);
            }
        }
        finally
        {
            if (Directory.Exists(captured))
            {
                Directory.Delete(captured, recursive: true);
            }
        }
    }
}
