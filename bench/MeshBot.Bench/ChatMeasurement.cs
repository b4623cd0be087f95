using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Bot.Hosting;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Cluster.Sources;
using MeshBot.Cluster.Writing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bench;

/// <summary>
/// <c>meshbot serve</c> under load, on the in-memory demo cluster: a burst of 1,000 Alertmanager notifications for 50
/// groups (repeats and resolves; exactly 50 threads, none lost, none doubled), and the acknowledgement latency of 200
/// concurrent signed slash commands while their diagnoses run in the background.
/// </summary>
internal static class ChatMeasurement
{
    private const string AlertToken = "bench-alertmanager";
    private const string SigningSecret = "benchsigningsecret0123456789abcd";

    public static async Task<int> RunAsync()
    {
        await AlertBurstAsync();
        await SlashCommandsAsync();
        return 0;
    }

    private static async Task AlertBurstAsync()
    {
        var threads = new CountingChat();
        await using var app = await StartAsync(["--MeshBot:Alertmanager:BearerToken=" + AlertToken, "--MeshBot:Slack:TriageChannel=CBENCH"], threads);
        using var http = Client(app);
        var notifications = Enumerable.Range(0, 1000).Select(i => (Group: i % 50, Resolved: i >= 950 && i % 5 == 0)).ToArray();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(notifications, new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (n, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/alertmanager") { Content = new StringContent(Webhook(n.Group, n.Resolved), Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AlertToken);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        });
        var accepted = clock.Elapsed;
        var store = app.Services.GetRequiredService<IIncidentStore>();
        var background = app.Services.GetRequiredService<BackgroundWork>();
        while (background.Pending > 0 || (await store.ListAsync()).Count < 50)
        {
            await Task.Delay(50);
        }
        await Task.Delay(500);
        var incidents = await store.ListAsync();
        await app.StopAsync();
        Console.WriteLine($"alert burst  1,000 notifications for 50 groups accepted in {accepted.TotalMilliseconds:F0} ms, settled in {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"             {incidents.Count} incidents, {incidents.Select(i => i.GroupKey).Distinct().Count()} groups, {threads.Started} threads started (target: exactly 50, none lost, none doubled)");
    }

    private static async Task SlashCommandsAsync()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var app = await StartAsync(
            [$"--MeshBot:Slack:SigningSecret={SigningSecret}", "--MeshBot:Slack:BotToken=xoxb-bench", $"--MeshBot:Slack:ApiBaseUrl={slack.Url}api/", "--MeshBot:Slack:TriageChannel=CBENCH"], null);
        using var http = Client(app);
        http.Timeout = TimeSpan.FromSeconds(30);
        await Round(http, slack, 0);           // warm-up: JIT, connections, thread pool
        var latencies = await Round(http, slack, 1000);
        Array.Sort(latencies);
        var pending = app.Services.GetRequiredService<BackgroundWork>().Pending;
        await app.StopAsync();
        Console.WriteLine($"slash commands  200 concurrent signed /meshbot diagnose (after a warm-up round of 200): ack p50 {latencies[99]:F1} ms, p99 {latencies[197]:F1} ms, max {latencies[^1]:F1} ms (target p99 < 100 ms); {pending} diagnoses still queued behind them");
    }

    private static async Task<double[]> Round(HttpClient http, FakeSlack slack, int users)
    {
        var latencies = new double[200];
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var body = Encoding.UTF8.GetBytes($"command=%2Fmeshbot&text=diagnose+payments%2Fapi+from+monitoring%2Fprometheus+port+80&user_id=U{users + i}&channel_id=CBENCH&response_url={Uri.EscapeDataString(slack.Url + "hooks/" + i)}&team_id=T1&trigger_id={users + i}");
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
            request.Headers.Add("X-Slack-Signature", Sign(timestamp, body));
            var start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
        }));
        return latencies;
    }

    private static string Sign(string timestamp, byte[] body)
    {
        var basestring = Encoding.UTF8.GetBytes($"v0:{timestamp}:").Concat(body).ToArray();
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningSecret), basestring));
    }

    private static string Webhook(int group, bool resolved)
    {
        var labels = new JsonObject { ["alertname"] = "IstioPlaintextRejected", ["destination_workload_namespace"] = "payments", ["destination_workload"] = "api", ["source_workload_namespace"] = "monitoring", ["source_workload"] = "prometheus", ["destination_port"] = "80", ["shard"] = $"g{group}" };
        var status = resolved ? "resolved" : "firing";
        return new JsonObject
        {
            ["version"] = "4", ["groupKey"] = $"{{}}:{{shard=\"g{group}\"}}", ["truncatedAlerts"] = 0, ["status"] = status, ["receiver"] = "meshbot",
            ["groupLabels"] = new JsonObject { ["shard"] = $"g{group}" }, ["commonLabels"] = labels.DeepClone(), ["commonAnnotations"] = new JsonObject(), ["externalURL"] = "http://alertmanager",
            ["alerts"] = new JsonArray(new JsonObject { ["status"] = status, ["labels"] = labels, ["annotations"] = new JsonObject(), ["startsAt"] = "2026-11-22T08:00:00Z", ["endsAt"] = resolved ? "2026-11-22T08:10:00Z" : "0001-01-01T00:00:00Z", ["generatorURL"] = "", ["fingerprint"] = $"{group:x16}" }),
        }.ToJsonString();
    }

    private static async Task<WebApplication> StartAsync(string[] settings, IChatPlatform? chat)
    {
        var cluster = DemoClusters.Load("platform-to-strict");
        var app = ServeHost.Build(
            ["--urls", "http://127.0.0.1:0", $"--MeshBot:Store:ConnectionString=Data Source={Path.Combine(Path.GetTempPath(), $"meshbot-bench-{Guid.NewGuid():N}.db")}", "--Logging:LogLevel:Default=Warning", .. settings],
            b =>
            {
                b.Services.AddSingleton<IClusterSource>(cluster);
                b.Services.AddSingleton<IClusterWriter>(cluster);
                if (chat is not null)
                {
                    b.Services.AddSingleton(chat);
                }
                b.Logging.SetMinimumLevel(LogLevel.Warning);
            });
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 200 })
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
    };

    /// <summary>Counts threads without a chat service behind them: the burst measures the bot, not Slack's rate limits.</summary>
    private sealed class CountingChat : IChatPlatform
    {
        private int _started;
        private int _messages;

        public int Started => _started;

        public string Name => "slack";

        public Task<ChatMessageRef> StartThreadAsync(string conversation, ThreadMessage message, CancellationToken cancellationToken)
        {
            var id = Interlocked.Increment(ref _started);
            return Task.FromResult(new ChatMessageRef("slack", conversation, $"{id}.0", $"{id}.0"));
        }

        public Task<ChatMessageRef> ReplyAsync(ChatMessageRef thread, ThreadMessage message, CancellationToken cancellationToken) =>
            Task.FromResult(thread with { MessageId = $"{Interlocked.Increment(ref _messages)}.1" });

        public Task UpdateAsync(ChatMessageRef message, ThreadMessage content, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>A Slack Web API that answers every method at once with ok:true.</summary>
    private sealed class FakeSlack : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _ts;

        private FakeSlack(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public static async Task<FakeSlack> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var fake = new FakeSlack(app);
            app.MapPost("/api/{method}", (string method) => Results.Json(new { ok = true, channel = "CBENCH", ts = $"{Interlocked.Increment(ref fake._ts)}.000100" }));
            app.MapPost("/hooks/{id}", () => Results.Ok());
            await app.StartAsync();
            fake.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
            return fake;
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
