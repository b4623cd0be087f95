using MeshBot.Bot.Chat;
using MeshBot.Bot.Incidents;

namespace MeshBot.Bot.Adapters.Alertmanager;

/// <summary>
/// Wires the Alertmanager integration into <c>meshbot serve</c>. The host provides IncidentService, BackgroundWork,
/// MeshBotMetrics, TimeProvider, IIncidentStore and IHttpClientFactory, and builds the incident runtime's observers from
/// every registered <see cref="IIncidentObserver"/> (this adapter adds two).
/// </summary>
public static class AlertmanagerEndpoints
{
    /// <summary>
    /// Reads and validates <c>MeshBot:Alertmanager</c> (a malformed value throws naming the key). Without
    /// <c>BearerToken</c> the receiver is disabled with one log line and false is returned. Otherwise registers the
    /// receiver and the alert-label recorder (an <see cref="IIncidentObserver"/>), and, when <c>Url</c> is set,
    /// <see cref="ISilences"/> and the silence expiry (an <see cref="IIncidentObserver"/>).
    /// </summary>
    public static bool AddAlertmanager(this IServiceCollection services, IConfiguration configuration, ILogger startupLog)
    {
        var options = AlertmanagerOptions.Load(configuration);
        if (options is null)
        {
            startupLog.LogInformation("Alertmanager receiver disabled: MeshBot:Alertmanager:BearerToken is not set");
            return false;
        }
        var destinations = AlertThreadDestinations.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.AddSingleton(destinations);
        services.AddSingleton<AlertLabels>();
        services.AddSingleton<IIncidentObserver>(sp => sp.GetRequiredService<AlertLabels>());
        services.AddSingleton<AlertmanagerReceiver>();
        if (options.Url is not null)
        {
            services.AddHttpClient(AlertmanagerClient.HttpClientName); // the client sets MeshBot:Alertmanager:Timeout on every call
            services.AddSingleton<AlertmanagerClient>();
            services.AddSingleton<ISilences, AlertmanagerSilences>();
            services.AddSingleton<SilenceExpiry>();
            services.AddSingleton<IIncidentObserver>(sp => sp.GetRequiredService<SilenceExpiry>());
        }
        startupLog.LogInformation(
            "Alertmanager receiver enabled at POST /alertmanager (bearer token); triage threads to {Destinations}; target labels {Target}; silences {Silences}",
            destinations, string.Join(", ", options.LabelMap.Target), options.BaseUrl is { } url ? $"via {url}" : "disabled (MeshBot:Alertmanager:Url is not set)");
        return true;
    }

    /// <summary>Maps <c>POST /alertmanager</c> when <see cref="AddAlertmanager"/> enabled the receiver; otherwise maps nothing.</summary>
    public static void MapAlertmanager(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<AlertmanagerReceiver>() is null)
        {
            return;
        }
        endpoints.MapPost("/alertmanager", (RequestDelegate)(http => http.RequestServices.GetRequiredService<AlertmanagerReceiver>().HandleAsync(http)));
    }
}
