using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MeshBot.Bot.Adapters.Teams;
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
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshBot.Bot.Tests.Adapters.Teams;

/// <summary>
/// MeshBot with the Teams adapter on a real Kestrel port (plain HTTP on 127.0.0.1; TLS ends at the ingress), wired as
/// <c>meshbot serve</c> wires it: the incident service over a demo cluster and a SQLite file, incident threads, the
/// command handler and background work, talking to a <see cref="FakeBotFramework"/>.
/// </summary>
internal sealed class TeamsBot : IAsyncDisposable
{
    /// <summary>Entra object ids: Carol asks, Alice and Bob approve, Mallory does not.</summary>
    public const string Carol = "00000000-0000-4000-8000-00000000ca01";
    public const string Alice = "00000000-0000-4000-8000-0000000a11ce";
    public const string Bob = "00000000-0000-4000-8000-000000000b0b";
    public const string Mallory = "00000000-0000-4000-8000-0000000bad00";
    public const string Channel = "19:4a95f7d8db4c4e7fae857bcb3b7e7c0b@thread.tacv2";
    public const string BotId = "28:" + FakeBotFramework.AppId;

    private readonly WebApplication _app;
    private readonly string _db;

    private TeamsBot(WebApplication app, string db, FakeBotFramework framework, InMemoryCluster cluster)
    {
        _app = app;
        _db = db;
        Framework = framework;
        Cluster = cluster;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public FakeBotFramework Framework { get; }

    public InMemoryCluster Cluster { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public IIncidentStore Store => Services.GetRequiredService<IIncidentStore>();

    public MeshBotMetrics Metrics => Services.GetRequiredService<MeshBotMetrics>();

    public int AppliedWrites => Cluster.Writes.Count(w => !w.DryRun && w.Changed);

    public static async Task<TeamsBot> StartAsync(FakeBotFramework framework, string scenario = "platform-to-strict", TimeProvider? time = null, params (string Key, string Value)[] settings)
    {
        time ??= TimeProvider.System;
        var db = Path.Combine(Path.GetTempPath(), $"meshbot-teams-{Guid.NewGuid():N}.db");
        var cluster = DemoClusters.Load(scenario, time);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MeshBot:Teams:AppId"] = FakeBotFramework.AppId,
            ["MeshBot:Teams:AppPassword"] = FakeBotFramework.AppPassword,
            ["MeshBot:Teams:TriageConversation"] = Channel,
            ["MeshBot:Teams:OpenIdMetadataUrl"] = framework.OpenIdMetadataUrl.ToString(),
            ["MeshBot:Teams:TokenEndpoint"] = framework.TokenEndpoint.ToString(),
            ["MeshBot:Teams:ServiceUrl"] = framework.ServiceUrl,
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));

        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton<MeshBotMetrics>();
        services.AddSingleton<IIncidentStore>(new SqliteIncidentStore($"Data Source={db};Pooling=False"));
        services.AddSingleton<IncidentThreads>();
        services.AddSingleton(sp => new IncidentService(new IncidentRuntime(
            sp.GetRequiredService<IIncidentStore>(), cluster, cluster, new Diagnoser(new MeshOptions(), time),
            new ApprovalPolicy(new ApprovalOptions { Approvers = [Alice, Bob], Expiry = TimeSpan.FromMinutes(30) }, time),
            time, [sp.GetRequiredService<IncidentThreads>()], new RolloutWaitOptions { Timeout = TimeSpan.FromSeconds(5), Interval = TimeSpan.FromMilliseconds(10) })));
        services.AddSingleton<BackgroundWork>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundWork>());
        services.AddSingleton(sp => new ChatCommandHandler(sp.GetRequiredService<IncidentService>(), sp.GetRequiredService<BackgroundWork>()));
        Assert.True(services.AddTeams(builder.Configuration, NullLogger.Instance));
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(framework.TrustingHandler));

        var app = builder.Build();
        app.MapTeams();
        await app.Services.GetRequiredService<IIncidentStore>().MigrateAsync();
        await app.StartAsync();
        return new TeamsBot(app, db, framework, cluster);
    }

    /// <summary>POSTs an activity to /api/messages with a valid Connector token, or the given Authorization value (null: none).</summary>
    public Task<HttpResponseMessage> PostAsync(JsonNode activity, string? authorization = "valid") =>
        PostAsync(activity.ToJsonString(), authorization == "valid" ? "Bearer " + Framework.ChannelToken() : authorization);

    public async Task<HttpResponseMessage> PostAsync(string body, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return await Http.SendAsync(request);
    }

    public string Rendered => Metrics.Render(new Dictionary<string, int>());

    /// <summary>The <c>meshbot_webhook_rejections_total</c> count for /api/messages and this reason (0 before the first).</summary>
    public double Rejections(string reason)
    {
        var prefix = $"meshbot_webhook_rejections_total{{endpoint=\"/api/messages\",reason=\"{reason}\"}} ";
        var line = Rendered.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits (up to 15 s) for the fake Connector to have received calls that satisfy the condition.</summary>
    public async Task<IReadOnlyList<ConnectorCall>> WaitForAsync(Func<IReadOnlyList<ConnectorCall>, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var calls = Framework.Calls;
            if (condition(calls))
            {
                return calls;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}; the Connector received:\n{string.Join("\n", calls.Select(c => $"{c.Operation} {c.Conversation} {c.ActivityId} {c.Json[..Math.Min(300, c.Json.Length)]}"))}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>After a rejected request: nothing stored, nothing sent to the Connector, no token even asked for.</summary>
    public async Task AssertNothingHappenedAsync()
    {
        await Task.Delay(50); // anything wrongly queued would have started by now
        Assert.Empty(await Store.ListAsync());
        Assert.Empty(Framework.Calls);
        Assert.Equal(0, Framework.TokenRequests);
    }

    public async Task<Incident> SingleIncidentAsync() => Assert.Single(await Store.ListAsync());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var file in new[] { _db, _db + "-wal", _db + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }
}
