using MeshBot.Bot.Chat;
using MeshBot.Bot.Cli;
using MeshBot.Bot.Configuration;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Bot.Operations.Replicas;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Approval;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Hosting;

/// <summary>
/// <c>meshbot serve</c>: the generic host with ASP.NET Core, configured from appsettings.json and the environment,
/// with the endpoints of DESIGN.md. Each chat or alert adapter whose secrets are configured adds itself; the others
/// are disabled with one log line. Tests build the same host and may replace services (the cluster) before it starts.
/// </summary>
public static class ServeHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddEscapingConsole(); // labels, chat text and ids reach log lines: control characters are escaped

        var configuration = builder.Configuration;
        var shutdownTimeout = BotSettings.ShutdownTimeout(configuration);
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = shutdownTimeout);

        var services = builder.Services;
        var mesh = MeshBotConfiguration.Mesh(configuration);
        var approval = BotSettings.Approval(configuration);

        services.AddHttpClient();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<MeshBotMetrics>();
        services.AddSingleton(mesh);
        services.AddSingleton(approval);
        services.AddIncidentStore(configuration);
        services.AddSingleton(_ => LiveCluster.Connect(null, null, configuration, mesh));
        services.AddSingleton<IClusterSource>(sp => new CachedClusterSource(sp.GetRequiredService<LiveCluster>().Source, TimeSpan.FromSeconds(5), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IClusterWriter>(sp => new KubernetesWriter(sp.GetRequiredService<LiveCluster>().Reader));
        services.AddSingleton(sp => new Diagnoser(sp.GetRequiredService<Diagnosis.Mesh.MeshOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ApprovalPolicy(sp.GetRequiredService<ApprovalOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IncidentThreads>();
        services.AddSingleton<IIncidentObserver>(sp => sp.GetRequiredService<IncidentThreads>());
        services.AddSingleton<IIncidentObserver, DiagnosisTiming>();
        services.AddSingleton<IIncidentObserver, IncidentLog>();
        services.AddSingleton(sp => new IncidentService(new IncidentRuntime(
            sp.GetRequiredService<IIncidentStore>(), sp.GetRequiredService<IClusterSource>(), sp.GetRequiredService<IClusterWriter>(),
            sp.GetRequiredService<Diagnoser>(), sp.GetRequiredService<ApprovalPolicy>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetServices<IIncidentObserver>().ToArray())));
        services.AddSingleton(BotSettings.Work(configuration));
        services.AddSingleton<BackgroundWork>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundWork>());
        services.AddIncidentStartup();
        services.AddSingleton(sp => new ChatCommandHandler(sp.GetRequiredService<IncidentService>(), sp.GetRequiredService<BackgroundWork>(), sp.GetService<ISilences>()));
        services.AddSingleton<ReadinessChecks>();

        using (var startup = LoggerFactory.Create(l => l.AddEscapingConsole()))
        {
            ServeAdapters.Add(services, configuration, startup.CreateLogger("MeshBot.Startup"));
        }
        customize?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (ReadinessChecks checks, CancellationToken ct) => checks.CheckAsync(ct));
        app.MapGet("/metrics", async (MeshBotMetrics metrics, IIncidentStore incidents, IServiceProvider sp, CancellationToken ct) =>
        {
            var byState = (await incidents.ListAsync(null, ct).ConfigureAwait(false)).GroupBy(i => i.State.ToString()).ToDictionary(g => g.Key, g => g.Count());
            return Results.Text(metrics.Render(byState, KubernetesCounters(sp)), "text/plain; version=0.0.4");
        });
        ServeAdapters.Map(app);
        return app;
    }

    private static (int Requests, int Errors)? KubernetesCounters(IServiceProvider services) =>
        services.GetService<IClusterSource>() is CachedClusterSource
            ? (services.GetRequiredService<LiveCluster>().Transport.Requests, services.GetRequiredService<LiveCluster>().Transport.Errors)
            : null;
}
