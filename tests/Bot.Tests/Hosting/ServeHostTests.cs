using System.Net;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Bot.Hosting;
using MeshBot.Cluster.Sources;
using MeshBot.Cluster.Writing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Tests.Hosting;

/// <summary><c>meshbot serve</c>'s host on a real port: health, readiness, metrics, and start-up refusing bad configuration.</summary>
public sealed class ServeHostTests
{
    internal static async Task<(WebApplication App, HttpClient Http)> StartAsync(string scenario = "platform-to-strict", params string[] settings)
    {
        var db = Path.Combine(Path.GetTempPath(), $"meshbot-serve-{Guid.NewGuid():N}.db");
        var cluster = DemoClusters.Load(scenario);
        string[] args = ["--urls", "http://127.0.0.1:0", $"--MeshBot:Store:ConnectionString=Data Source={db}", .. settings];
        var app = ServeHost.Build(args, b =>
        {
            b.Services.AddSingleton<IClusterSource>(cluster);
            b.Services.AddSingleton<IClusterWriter>(cluster);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    [Fact]
    public async Task Serve_Running_AnswersHealthReadinessAndMetrics()
    {
        var (app, http) = await StartAsync();
        await using (app)
        {
            var health = await http.GetAsync("/healthz");
            var ready = await http.GetAsync("/readyz");
            var metrics = await http.GetStringAsync("/metrics");

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("\"store\":\"ok\"", await ready.Content.ReadAsStringAsync());
            Assert.Contains("# TYPE meshbot_diagnosis_duration_seconds histogram", metrics);
            Assert.Contains("meshbot_diagnosis_duration_seconds_bucket{le=\"+Inf\"} 0", metrics);
            Assert.Contains("# TYPE meshbot_incidents gauge", metrics);
        }
    }

    [Fact]
    public async Task Serve_ConsoleLog_PrintsControlCharactersEscapedOnOneLine()
    {
        await using var console = ConsoleCapture.OfServe();
        var logger = console.Factory.CreateLogger("MeshBot.Test");

        // A label, a chat text and an id as an attacker would send them: each tries to start a forged line.
        using (logger.BeginScope("chat {User}", "UALICE\n00:00:00 info: forged scope"))
        {
            logger.LogWarning("alert group {GroupKey} skipped: {Text}", "g1\r\nFAKE LINE", "nul\0bel\a\u2028sep");
        }

        var line = Assert.Single(console.Lines);
        Assert.Matches(@"^\d\d:\d\d:\d\d warn: MeshBot\.Test", line);
        Assert.Contains(@"UALICE\n00:00:00 info: forged scope", line);
        Assert.Contains(@"g1\u000d\nFAKE LINE", line);
        Assert.Contains(@"nul\u0000bel\u0007\u2028sep", line);
    }

    [Fact]
    public async Task Serve_ConsoleLogOfAnException_EscapesItsMessageAndIndentsTheTrace()
    {
        await using var console = ConsoleCapture.OfServe();
        var logger = console.Factory.CreateLogger("MeshBot.Test");
        Exception error;
        try
        {
            throw new InvalidOperationException("outer\nFAKE OUTER", new FormatException("inner\r\nFAKE INNER"));
        }
        catch (InvalidOperationException e)
        {
            error = e;
        }

        logger.LogError(error, "diagnosis failed for {Target}", "payments\n/api");

        var lines = console.Lines;
        Assert.Contains(@"diagnosis failed for payments\n/api", lines[0]);
        Assert.True(lines.Count > 1, console.Text);
        Assert.All(lines.Skip(1), l => Assert.StartsWith(" ", l)); // nothing after the first line can pass for a log line
        Assert.Contains(lines, l => l.Contains(@"outer\nFAKE OUTER", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(@"inner\u000d\nFAKE INNER", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("FAKE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--MeshBot:Approval:Expiry=soon", "MeshBot:Approval:Expiry")]
    [InlineData("--MeshBot:Approval:TwoPersonRisk=extreme", "MeshBot:Approval:TwoPersonRisk")]
    [InlineData("--MeshBot:Mesh:RootNamespace=Istio_System", "MeshBot:Mesh:RootNamespace")]
    [InlineData("--MeshBot:Work:MaxParallel=0", "MeshBot:Work:MaxParallel")]
    [InlineData("--MeshBot:Work:MaxParallel=many", "MeshBot:Work:MaxParallel")]
    [InlineData("--MeshBot:Work:ShutdownTimeout=-00:00:01", "MeshBot:Work:ShutdownTimeout")]
    [InlineData("--MeshBot:Work:ShutdownTimeout=soon", "MeshBot:Work:ShutdownTimeout")]
    public void Serve_MalformedConfiguration_RefusesToStartNamingTheKey(string setting, string key)
    {
        var error = Assert.Throws<MeshBot.Bot.Cli.CliException>(() => ServeHost.Build(["--urls", "http://127.0.0.1:0", setting]));

        Assert.Contains(key, error.Message);
    }
}
