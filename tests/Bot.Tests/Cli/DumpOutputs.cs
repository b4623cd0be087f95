using MeshBot.Testing;

namespace MeshBot.Bot.Tests.Cli;

public sealed class DumpOutputs
{
    [Fact]
    public async Task Dump()
    {
        foreach (var (fixture, args) in new[] {
            ("webhook-down-ignore", new[] { "payments/api" }),
            ("platform-to-strict", new[] { "payments/api", "--from", "monitoring/prometheus", "--port", "80" }),
            ("cross-namespace-dr-disable", new[] { "payments/api", "--from", "orders/checkout", "--port", "80" }),
            ("healthy", new[] { "payments/api", "--from", "orders/checkout", "--port", "80" }),
            ("ca-expired", new[] { "payments/api" }),
            ("rbac-denied", new[] { "payments/api", "--from", "orders/checkout", "--port", "80" }) })
        {
            using var snapshot = FixtureSnapshot.Materialize(fixture);
            foreach (var format in new[] { "text", "json", "markdown" })
            {
                var result = await CliRun.RunAsync(["diagnose", .. args, "--snapshot", snapshot.Path, "--output", format]);
                File.WriteAllText($"/tmp/dump/{fixture}.{format}", result.Output + result.Error);
            }
        }
    }
}
