using System.Text.Json.Nodes;
using MeshBot.Testing;

namespace MeshBot.Bot.Tests.Cli;

/// <summary><c>meshbot diagnose</c> on every fixture, in every output format, through the real command line.</summary>
public sealed class DiagnoseCommandTests
{
    private static readonly string[] Branches = ["sidecar-missing", "cross-namespace", "platform-namespace", "ca-rotation", "injection-webhook"];
    private static readonly string[] Actions =
    [
        "label-namespace", "rollout-restart", "patch-workload", "create-peer-authentication", "patch-peer-authentication",
        "create-destination-rule", "patch-destination-rule", "restart-istiod", "restart-injected-workloads",
    ];

    public static TheoryData<Scenario> Scenarios => new(Scenario.All);

    private static string[] Args(Scenario scenario, string snapshot, string format)
    {
        var args = new List<string> { "diagnose", scenario.Target, "--snapshot", snapshot, "--output", format };
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

    [Fact]
    public async Task AllFormats_PlaintextCallerToStrict_ShowTheEdgeThatFails()
    {
        var scenario = Scenario.All.First(s => s.Fixture == "platform-to-strict");
        using var snapshot = FixtureSnapshot.Materialize(scenario.Fixture);

        var json = JsonNode.Parse((await CliRun.RunAsync(Args(scenario, snapshot.Path, "json"))).Output)!;
        var text = (await CliRun.RunAsync(Args(scenario, snapshot.Path, "text"))).Output;
        var markdown = (await CliRun.RunAsync(Args(scenario, snapshot.Path, "markdown"))).Output;

        var port = Assert.Single(json["edge"]!["ports"]!.AsArray())!;
        Assert.Equal(8080, (int?)port["containerPort"]);
        Assert.Equal("PeerAuthentication/istio-system/default", (string?)port["accepts"]!["decidedBy"]);
        Assert.Equal("plaintext", (string?)port["sends"]!["tls"]);
        Assert.False((bool?)port["compatible"]);
        Assert.Contains("sidecar STRICT (mesh PeerAuthentication/istio-system/default) ← none: plaintext — compatible: NO", text);
        Assert.Contains("| Port | Server accepts | Client sends | Compatible |", markdown);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Json_Fixture_FollowsTheContractWithExpectedVerdictAndActions(Scenario scenario)
    {
        using var snapshot = FixtureSnapshot.Materialize(scenario.Fixture);

        var result = await CliRun.RunAsync(Args(scenario, snapshot.Path, "json"));

        Assert.True(result.ExitCode == 0, result.Error);
        var json = JsonNode.Parse(result.Output)!;
        Assert.Equal("meshbot.diagnosis/v1", (string?)json["apiVersion"]);
        Assert.Equal(scenario.Request.Target.Namespace, (string?)json["target"]!["namespace"]);
        Assert.Equal(scenario.Request.Target.Workload, (string?)json["target"]!["workload"]);
        Assert.Equal(scenario.Request.Source?.Namespace, (string?)json["target"]!["source"]?["namespace"]);
        Assert.Equal(scenario.Port, (int?)json["target"]!["port"]);
        Assert.Equal(scenario.Verdict, (string?)json["verdict"]!["branch"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)json["verdict"]!["summary"]));

        var steps = json["steps"]!.AsArray();
        Assert.Equal(Branches, steps.Select(s => (string?)s!["branch"]));
        Assert.Equal(scenario.StepResults, steps.Select(s => (string?)s!["result"]));
        Assert.All(steps.SelectMany(s => s!["evidence"]!.AsArray()), e => Assert.False(string.IsNullOrWhiteSpace((string?)e!["command"])));

        Assert.All(json["findings"]!.AsArray(), f =>
        {
            Assert.Matches("^MB[0-9]{4}$", (string?)f!["id"]);
            Assert.Contains((string?)f["severity"], new[] { "critical", "warning", "info" });
            Assert.Matches("^[A-Za-z]+/", (string?)f["resource"]);
        });

        // The edge: one entry per port on the path, with both ends when a client is named.
        var ports = json["edge"]!["ports"]!.AsArray();
        Assert.NotEmpty(ports);
        Assert.All(ports, p =>
        {
            Assert.Contains((string?)p!["accepts"]!["dataPlane"], new[] { "sidecar", "ambient", "none" });
            Assert.Contains((string?)p["accepts"]!["mode"], new[] { "STRICT", "PERMISSIVE", "DISABLE", "UNSET" });
            Assert.Equal(scenario.From is null, p["sends"] is null);
        });

        var remediations = json["remediations"]!.AsArray();
        Assert.Equal(scenario.ActionWords, remediations.Select(r => (string?)r!["action"]));
        Assert.All(remediations, r =>
        {
            Assert.Contains((string?)r!["action"], Actions);
            Assert.Contains((string?)r["risk"], new[] { "low", "medium", "high" });
            Assert.StartsWith((string?)r["action"] + "-", (string?)r["id"]);
            Assert.Contains("kubectl", (string?)r["kubectl"]);
        });
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task TextAndMarkdown_Fixture_LeadWithTheVerdictAndListEveryProposal(Scenario scenario)
    {
        using var snapshot = FixtureSnapshot.Materialize(scenario.Fixture);
        var json = JsonNode.Parse((await CliRun.RunAsync(Args(scenario, snapshot.Path, "json"))).Output)!;
        var ids = json["remediations"]!.AsArray().Select(r => (string)r!["id"]!).ToArray();

        var text = await CliRun.RunAsync(Args(scenario, snapshot.Path, "text"));
        var markdown = await CliRun.RunAsync(Args(scenario, snapshot.Path, "markdown"));

        Assert.Equal((0, 0), (text.ExitCode, markdown.ExitCode));
        Assert.StartsWith($"VERDICT: {scenario.Verdict.ToUpperInvariant()}", text.Output);
        Assert.Contains($"**Verdict: `{scenario.Verdict}`**", markdown.Output);
        foreach (var branch in Branches)
        {
            Assert.Contains(branch, text.Output);
            Assert.Contains($"`{branch}`", markdown.Output);
        }
        Assert.All(ids, id => Assert.Contains(id, text.Output));
        Assert.All(ids, id => Assert.Contains(id, markdown.Output));
        Assert.Equal(ids.Length == 0, text.Output.Contains("No remediation proposed.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task AnyFormat_Fixture_NeverContainsKeyMaterial(Scenario scenario)
    {
        using var snapshot = FixtureSnapshot.Materialize(scenario.Fixture);
        // Every key's base64 body lines, as they sit in the PEM and inside base64-of-PEM Secret data.
        var secrets = snapshot.Certificates.Values
            .SelectMany(c => new[] { c.PrivateKeyPem, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(c.PrivateKeyPem)) })
            .SelectMany(t => t.Split('\n', ' ').Where(l => l.Length >= 24 && !l.StartsWith('-')).Select(l => l[..24]))
            .ToArray();

        foreach (var format in new[] { "text", "json", "markdown" })
        {
            var result = await CliRun.RunAsync(Args(scenario, snapshot.Path, format));
            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain("PRIVATE KEY-----", result.Output);
            Assert.All(secrets, s => Assert.DoesNotContain(s, result.Output));
        }
    }

    [Fact]
    public async Task AnyFormat_PrivateKeysFixture_ActuallyHoldsKeysInItsFiles()
    {
        // Guards the test above: the fixture must really carry keys in secrets, annotations and logs.
        using var snapshot = FixtureSnapshot.Materialize("private-keys");
        var files = string.Concat(Directory.EnumerateFiles(snapshot.Path, "*", SearchOption.AllDirectories).Select(File.ReadAllText));

        Assert.Contains("PRIVATE KEY-----", files);
        Assert.Contains(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(snapshot.Certificates["leaf"].PrivateKeyPem))[..40], files);
    }
}
