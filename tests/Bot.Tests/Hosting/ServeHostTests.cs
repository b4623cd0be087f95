using System.Net;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Bot.Hosting;
using MeshBot.Diagnosis.Cluster.Sources;
using MeshBot.Remediation.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

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
