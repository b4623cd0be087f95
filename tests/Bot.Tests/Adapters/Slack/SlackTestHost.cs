using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using MeshBot.Bot.Adapters.Slack;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Bot.Hosting;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Bot.Tests.Incidents;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>
/// MeshBot's side, as <c>meshbot serve</c> assembles it, on a real Kestrel at 127.0.0.1: the incident service over a
/// demo cluster and a SQLite file, the chat handler and background work, <see cref="IncidentThreads"/> posting through
/// the registered platforms, and the Slack adapter from <c>AddSlack</c>/<c>MapSlack</c> talking to a <see cref="FakeSlack"/>.
/// </summary>
internal sealed class SlackTestHost : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string Channel = "CTRIAGE1";
    public static readonly string[] Approvers = ["UALICE", "UBOB"];

    /// <summary>Pacing fast enough for tests, shaped like production's.</summary>
    public static readonly SlackPacing FastPacing = new()
    {
        PostMessageInterval = TimeSpan.FromMilliseconds(2),
        UpdateInterval = TimeSpan.FromMilliseconds(2),
        Tier4Interval = TimeSpan.FromMilliseconds(2),
    };

    public static readonly SlackTiming FastTiming = new() { ReconnectBackoff = TimeSpan.FromMilliseconds(50), MaxReconnectBackoff = TimeSpan.FromMilliseconds(400) };

    private readonly WebApplication _app;
    private readonly string _db;
    private readonly FakeSlack _slack;

    private SlackTestHost(FakeSlack slack, WebApplication app, string db, InMemoryCluster cluster, ManualClock clock, SqliteIncidentStore store, CapturedLogs logs)
    {
        _slack = slack;
        _app = app;
        _db = db;
        Cluster = cluster;
        Clock = clock;
        Store = store;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public HttpClient Client { get; }

    public InMemoryCluster Cluster { get; }

    public ManualClock Clock { get; }

    public SqliteIncidentStore Store { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public MeshBotMetrics Metrics => Services.GetRequiredService<MeshBotMetrics>();

    public int AppliedWrites => Cluster.Writes.Count(w => !w.DryRun && w.Changed);

    /// <param name="cluster">Builds the cluster in place of the scenario's (a test's own, larger one).</param>
    public static async Task<SlackTestHost> StartAsync(FakeSlack slack, bool socketMode = false, string scenario = "platform-to-strict", SlackPacing? pacing = null, Func<TimeProvider, InMemoryCluster>? cluster = null)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var db = Path.Combine(Path.GetTempPath(), $"meshbot-slack-{Guid.NewGuid():N}.db");
        var store = new SqliteIncidentStore($"Data Source={db};Pooling=False");
        await store.MigrateAsync();
        var demo = cluster?.Invoke(clock) ?? DemoClusters.Load(scenario, clock);
        var logs = new CapturedLogs();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath(), EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MeshBot:Slack:SigningSecret"] = SigningSecret,
            ["MeshBot:Slack:BotToken"] = FakeSlack.BotToken,
            ["MeshBot:Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
            ["MeshBot:Slack:TriageChannel"] = Channel,
            ["MeshBot:Slack:AppToken"] = socketMode ? FakeSlack.AppToken : "",
        });

        var services = builder.Services;
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<MeshBotMetrics>();
        services.AddSingleton<IIncidentStore>(store);
        services.AddSingleton<IncidentThreads>();
        services.AddSingleton(sp => new IncidentService(new IncidentRuntime(
            store, demo, demo, new Diagnoser(new MeshOptions(), clock),
            new ApprovalPolicy(new ApprovalOptions { Approvers = Approvers, Expiry = TimeSpan.FromMinutes(30) }, clock),
            clock, [sp.GetRequiredService<IncidentThreads>()],
            new RolloutWaitOptions { Timeout = TimeSpan.FromSeconds(5), Interval = TimeSpan.FromMilliseconds(10) })));
        services.AddSingleton<BackgroundWork>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundWork>());
        services.AddSingleton(sp => new ChatCommandHandler(sp.GetRequiredService<IncidentService>(), sp.GetRequiredService<BackgroundWork>()));
        services.AddSingleton(pacing ?? FastPacing);
        services.AddSingleton(FastTiming);
        using (var startup = LoggerFactory.Create(l => l.AddProvider(logs)))
        {
            Assert.True(services.AddSlack(builder.Configuration, startup.CreateLogger("startup")));
        }

        var app = builder.Build();
        app.MapSlack();
        await app.StartAsync();
        return new SlackTestHost(slack, app, db, demo, clock, store, logs);
    }

    /// <summary>POSTs a body signed as Slack signs it (the clock's now, the configured secret) unless told otherwise.</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, DateTimeOffset? at = null, string secret = SigningSecret, IDictionary<string, string>? headers = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = SlackSigning.Timestamp(at ?? Clock.Now);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSigning.Sign(secret, timestamp, bytes));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }
        return await Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> CommandAsync(string text, string user = "UCAROL", string channel = Channel, string? responseUrl = null) =>
        PostSignedAsync("/slack/commands", SlackSigning.Form(
            ("token", "xyzz0WbapA4vBCDEFasx0q6G"), ("team_id", "T111"), ("team_domain", "test"), ("channel_id", channel), ("channel_name", "triage"),
            ("user_id", user), ("user_name", user.ToLowerInvariant()), ("command", "/meshbot"), ("text", text),
            ("response_url", responseUrl ?? _slack.ResponseUrl("command").ToString()), ("trigger_id", "1.2.x")), "application/x-www-form-urlencoded");

    /// <summary>A <c>block_actions</c> press of a button with <paramref name="actionId"/>, as the form field <c>payload</c>.</summary>
    public Task<HttpResponseMessage> PressAsync(string actionId, string user, Uri responseUrl, string channel = Channel, string messageTs = "1700000000.000100") =>
        PostSignedAsync("/slack/interactions", SlackSigning.Form(("payload", BlockActions(actionId, user, responseUrl.ToString(), channel, messageTs))), "application/x-www-form-urlencoded");

    public static string BlockActions(string actionId, string user, string responseUrl, string channel = Channel, string messageTs = "1700000000.000100") =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "block_actions",
            ["team"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "T111", ["domain"] = "test" },
            ["user"] = new System.Text.Json.Nodes.JsonObject { ["id"] = user, ["username"] = user.ToLowerInvariant(), ["team_id"] = "T111" },
            ["api_app_id"] = "A111",
            ["token"] = "9s8d9as89d8as9d8as989",
            ["container"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channel, ["is_ephemeral"] = false },
            ["trigger_id"] = "12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3",
            ["channel"] = new System.Text.Json.Nodes.JsonObject { ["id"] = channel, ["name"] = "triage" },
            ["message"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "message", ["ts"] = messageTs, ["bot_id"] = "BBOT" },
            ["response_url"] = responseUrl,
            ["actions"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["action_id"] = actionId,
                ["block_id"] = "=qXel",
                ["text"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "plain_text", ["text"] = "Approve", ["emoji"] = true },
                ["value"] = actionId,
                ["type"] = "button",
                ["action_ts"] = "1548426417.840180",
            }),
        }.ToJsonString();

    /// <summary>The value of <c>meshbot_webhook_rejections_total</c> for an endpoint and reason.</summary>
    public double Rejections(string endpoint, string reason) => Counter("meshbot_webhook_rejections_total", $"endpoint=\"{endpoint}\",reason=\"{reason}\"");

    public double Counter(string name, string labels)
    {
        var prefix = $"{name}{{{labels}}} ";
        var line = Metrics.Render(new Dictionary<string, int>()).Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }

    public async Task<Incident> WaitForStateAsync(string incidentId, IncidentState state, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await Store.GetAsync(incidentId) is { } incident && incident.State == state)
            {
                return incident;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"{incidentId} never reached {state}; it is {(await Store.GetAsync(incidentId))?.State}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var file in new[] { _db, _db + "-wal", _db + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }
}
