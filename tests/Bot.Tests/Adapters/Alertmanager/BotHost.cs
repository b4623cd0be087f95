using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using MeshBot.Bot.Adapters.Alertmanager;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Bot.Hosting;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
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

namespace MeshBot.Bot.Tests.Adapters.Alertmanager;

/// <summary>
/// A minimal MeshBot on a real Kestrel port (127.0.0.1): the services the host provides (IncidentService over the
/// in-memory demo cluster and a SQLite file, BackgroundWork, MeshBotMetrics, TimeProvider, IIncidentStore,
/// IHttpClientFactory) plus <c>AddAlertmanager</c>/<c>MapAlertmanager</c>, the way <c>meshbot serve</c> wires them.
/// </summary>
internal sealed class BotHost : IAsyncDisposable
{
    public const string Token = "s3cret-alertmanager-token";

    private readonly string _db;
    private readonly List<IncidentEvent> _events;

    private BotHost(WebApplication app, string db, Uri url, bool enabled, IReadOnlyList<string> startupLines, List<IncidentEvent> events)
    {
        App = app;
        _events = events;
        _db = db;
        Url = url;
        Enabled = enabled;
        StartupLines = startupLines;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(20) };
    }

    public WebApplication App { get; }

    public Uri Url { get; }

    public bool Enabled { get; }

    public IReadOnlyList<string> StartupLines { get; }

    public HttpClient Http { get; }

    public IIncidentStore Store => App.Services.GetRequiredService<IIncidentStore>();

    public IncidentService Incidents => App.Services.GetRequiredService<IncidentService>();

    public BackgroundWork Background => App.Services.GetRequiredService<BackgroundWork>();

    public MeshBotMetrics Metrics => App.Services.GetRequiredService<MeshBotMetrics>();

    public ISilences? Silences => App.Services.GetService<ISilences>();

    public IReadOnlyList<IncidentEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToArray();
            }
        }
    }

    public static async Task<BotHost> StartAsync(IDictionary<string, string?>? settings = null, bool withToken = true, string scenario = "platform-to-strict")
    {
        var db = Path.Combine(Path.GetTempPath(), $"meshbot-am-{Guid.NewGuid():N}.db");
        var config = new Dictionary<string, string?>
        {
            ["MeshBot:Slack:TriageChannel"] = "C0TRIAGE",
            ["MeshBot:Teams:TriageConversation"] = "19:triage@thread.tacv2",
            ["MeshBot:Teams:TriageServiceUrl"] = "https://smba.trafficmanager.net/emea/",
        };
        if (withToken)
        {
            config["MeshBot:Alertmanager:BearerToken"] = Token;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath(), EnvironmentName = "Testing" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(config);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var cluster = DemoClusters.Load(scenario, TimeProvider.System);
        var services = builder.Services;
        var events = new List<IncidentEvent>();
        services.AddHttpClient();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<MeshBotMetrics>();
        services.AddSingleton<IIncidentStore>(_ => new SqliteIncidentStore($"Data Source={db};Pooling=False"));
        services.AddSingleton<BackgroundWork>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundWork>());
        services.AddSingleton<IIncidentObserver>(new Recorder(events));
        services.AddSingleton(sp => new IncidentService(new IncidentRuntime(
            sp.GetRequiredService<IIncidentStore>(), cluster, cluster, new Diagnoser(new MeshOptions(), TimeProvider.System),
            new ApprovalPolicy(new ApprovalOptions { Approvers = ["alice", "bob"], Expiry = TimeSpan.FromMinutes(30) }, TimeProvider.System),
            TimeProvider.System, sp.GetServices<IIncidentObserver>().ToArray(),
            new RolloutWaitOptions { Timeout = TimeSpan.FromSeconds(5), Interval = TimeSpan.FromMilliseconds(10) })));

        var startup = new LineLogger();
        var enabled = services.AddAlertmanager(builder.Configuration, startup);
        var app = builder.Build();
        app.MapAlertmanager();
        await app.Services.GetRequiredService<IIncidentStore>().MigrateAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BotHost(app, db, new Uri(address), enabled, startup.Lines, events);
    }

    public Task<HttpResponseMessage> PostAsync(string body, string? token = Token, string scheme = "Bearer")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/alertmanager") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        }
        return Http.SendAsync(request);
    }

    /// <summary>Value of a counter line in <c>/metrics</c> text, 0 when absent.</summary>
    public double Counter(string name, params (string Name, string Value)[] labels)
    {
        var text = Metrics.Render(new Dictionary<string, int>());
        var prefix = name + (labels.Length == 0 ? "" : "{" + string.Join(',', labels.Select(l => $"{l.Name}=\"{l.Value}\"")) + "}");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(prefix.Length + 1)..], CultureInfo.InvariantCulture);
    }

    public double Rejections(string reason) => Counter("meshbot_webhook_rejections_total", ("endpoint", "alertmanager"), ("reason", reason));

    public async Task<IReadOnlyList<Incident>> IncidentsAsync() => await Store.ListAsync();

    /// <summary>Polls until <paramref name="probe"/> returns a value (the background work is asynchronous).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, double seconds = 15) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {seconds} s waiting for {what}");
            }
            await Task.Delay(25);
        }
    }

    /// <summary>Waits until the background queue is empty and stays empty (the reader holds at most one item).</summary>
    public async Task DrainAsync(Func<bool> done, string what, double seconds = 20) =>
        await EventuallyAsync(() => Task.FromResult(Background.Pending == 0 && done() ? "done" : null), what, seconds);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        foreach (var file in new[] { _db, _db + "-wal", _db + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    private sealed class Recorder(List<IncidentEvent> events) : IIncidentObserver
    {
        public Task OnEventAsync(IncidentEvent incidentEvent, CancellationToken cancellationToken)
        {
            lock (events)
            {
                events.Add(incidentEvent);
            }
            return Task.CompletedTask;
        }
    }

    /// <summary>Captures what <c>AddAlertmanager</c> logs at start-up.</summary>
    internal sealed class LineLogger : ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines => _lines;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Add(formatter(state, exception));
    }
}
