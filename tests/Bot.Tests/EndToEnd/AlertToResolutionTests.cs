using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using MeshBot.Bot.Hosting;
using MeshBot.Bot.Tests.Adapters.Alertmanager;
using MeshBot.Bot.Tests.Adapters.Slack;
using MeshBot.KubernetesEmulator;
using MeshBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Emulator = MeshBot.KubernetesEmulator.KubernetesEmulator;

namespace MeshBot.Bot.Tests.EndToEnd;

/// <summary>
/// The whole product with real components: an alert posted to a real Prometheus Alertmanager is delivered to
/// <c>meshbot serve</c>, the triage thread appears on the Slack side (the fake Slack Web API), a signed button press
/// approves, the fix is applied to the Kubernetes API emulator over TLS, the thread shows Resolved; then the alert is
/// resolved in Alertmanager and the thread says so.
/// </summary>
public sealed class AlertToResolutionTests
{
    private const string Token = "meshbot";
    private const string AlertToken = "alertmanager-bearer";

    [Fact]
    public async Task Alert_ThroughAlertmanagerSlackAndTheEmulator_EndsResolvedAndTheThreadSaysTheAlertResolved()
    {
        using var fixture = FixtureSnapshot.Materialize("platform-to-strict");
        await using var emulator = await Emulator.StartAsync(new EmulatorOptions
        {
            SnapshotPath = fixture.Path,
            Tokens = new Dictionary<string, EmulatorUser> { [Token] = new("system:serviceaccount:meshbot:meshbot") },
        });
        var kubeconfig = emulator.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"meshbot-e2e-{Guid.NewGuid():N}.kubeconfig"), EmulatorCredential.Token(Token));
        await using var slack = await FakeSlack.StartAsync();
        var alertmanagerPort = FreePort();

        var app = ServeHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--MeshBot:Kubernetes:Kubeconfig={kubeconfig}",
            $"--MeshBot:Store:ConnectionString=Data Source={Path.Combine(Path.GetTempPath(), $"meshbot-e2e-{Guid.NewGuid():N}.db")}",
            $"--MeshBot:Slack:SigningSecret={SlackTestHost.SigningSecret}",
            $"--MeshBot:Slack:BotToken={FakeSlack.BotToken}",
            $"--MeshBot:Slack:ApiBaseUrl={slack.ApiBaseUrl}",
            $"--MeshBot:Slack:TriageChannel={SlackTestHost.Channel}",
            $"--MeshBot:Alertmanager:BearerToken={AlertToken}",
            $"--MeshBot:Alertmanager:Url=http://127.0.0.1:{alertmanagerPort}",
            "--MeshBot:Approval:Approvers:0=UALICE",
        ], b => b.Services.AddSingleton(SlackTestHost.FastPacing));
        await using (app)
        {
            await app.StartAsync();
            var bot = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            await using var alertmanager = await AlertmanagerProcess.StartAsync(alertmanagerPort, new Uri(bot, "/alertmanager"), AlertToken);

            await PostAlertAsync(alertmanager, endsAt: null);
            var calls = await slack.WaitForAsync(c => c.Any(x => x.ActionIds.Any(a => a.StartsWith("approve:", StringComparison.Ordinal))), "a proposal with an Approve button", seconds: 60);
            var approve = calls.SelectMany(c => c.ActionIds).First(a => a.StartsWith("approve:", StringComparison.Ordinal));
            Assert.Contains(calls, c => c.Method == "chat.postMessage" && c.Str("channel") == SlackTestHost.Channel && c.Str("thread_ts") is null);
            Assert.Null(emulator.Get("peerauthentications", "payments", "api-allow-plaintext-8080"));

            using var http = new HttpClient { BaseAddress = bot };
            using var press = await PressAsync(http, approve, "UALICE", slack);
            Assert.Equal(HttpStatusCode.OK, press.StatusCode);

            await slack.WaitForAsync(c => c.Any(x => x.Method == "chat.update" && x.AllText.Contains("*Resolved*", StringComparison.Ordinal)), "the head message showing Resolved", seconds: 60);
            var created = emulator.Get("peerauthentications", "payments", "api-allow-plaintext-8080");
            Assert.NotNull(created);
            Assert.Equal("PERMISSIVE", (string?)created!["spec"]!["portLevelMtls"]!["8080"]!["mode"]);

            await PostAlertAsync(alertmanager, endsAt: DateTimeOffset.UtcNow.AddSeconds(-1));
            await slack.WaitForAsync(c => c.Any(x => x.AllText.Contains("Alertmanager says this alert group is resolved", StringComparison.Ordinal)), "the thread saying the alert resolved", seconds: 60);
        }
        File.Delete(kubeconfig);
    }

    private static async Task PostAlertAsync(AlertmanagerProcess alertmanager, DateTimeOffset? endsAt)
    {
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject
            {
                ["alertname"] = "IstioPlaintextRejected",
                ["severity"] = "critical",
                ["destination_workload_namespace"] = "payments",
                ["destination_workload"] = "api",
                ["source_workload_namespace"] = "monitoring",
                ["source_workload"] = "prometheus",
                ["destination_port"] = "80",
            },
            ["annotations"] = new JsonObject { ["summary"] = "plaintext requests rejected by STRICT mTLS" },
            ["startsAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
        };
        if (endsAt is { } ended)
        {
            alert["endsAt"] = ended.ToString("O");
        }
        using var response = await alertmanager.Http.PostAsync("/api/v2/alerts", new StringContent(new JsonArray(alert).ToJsonString(), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<HttpResponseMessage> PressAsync(HttpClient bot, string actionId, string user, FakeSlack slack)
    {
        var body = Encoding.UTF8.GetBytes(SlackSigning.Form(("payload", SlackTestHost.BlockActions(actionId, user, slack.ResponseUrl("press").ToString()))));
        var timestamp = SlackSigning.Timestamp(DateTimeOffset.UtcNow);
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack/interactions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSigning.Sign(SlackTestHost.SigningSecret, timestamp, body));
        return await bot.SendAsync(request);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
