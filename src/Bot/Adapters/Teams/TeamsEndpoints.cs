using MeshBot.Bot.Chat;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// Registers the Microsoft Teams adapter (Bot Framework protocol, no SDK): <c>POST /api/messages</c>, the
/// <see cref="IChatPlatform"/> named <c>teams</c>, and its token and Connector clients. The host provides
/// IncidentService, ChatCommandHandler, BackgroundWork, MeshBotMetrics, TimeProvider and IIncidentStore.
/// </summary>
public static class TeamsEndpoints
{
    internal const string LoginClient = "MeshBot.Teams.Login";
    internal const string ConnectorClient = "MeshBot.Teams.Connector";

    /// <summary>
    /// Adds the adapter when <c>MeshBot:Teams:AppId</c> and <c>AppPassword</c> are set; otherwise logs one line and
    /// returns false. A malformed value stops start-up with the key named.
    /// </summary>
    public static bool AddTeams(this IServiceCollection services, IConfiguration configuration, ILogger startupLog)
    {
        var options = TeamsOptions.Bind(configuration, out var missing);
        if (options is null)
        {
            startupLog.LogWarning("Teams adapter disabled: {Missing} not set", missing);
            return false;
        }
        services.AddSingleton(options);
        services.AddHttpClient(LoginClient, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(ConnectorClient, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<BotFrameworkKeys>();
        services.AddSingleton<BotFrameworkAuthenticator>();
        services.AddSingleton<TeamsTokenClient>();
        services.AddSingleton<TeamsConnector>();
        services.AddSingleton<TeamsConversations>();
        services.AddSingleton<TeamsPlatform>();
        services.AddSingleton<IChatPlatform>(sp => sp.GetRequiredService<TeamsPlatform>());
        services.AddSingleton<TeamsActivityHandler>();
        services.AddSingleton<TeamsMessagesEndpoint>();
        startupLog.LogInformation("Teams adapter enabled for app {AppId} at {Path}", options.AppId, TeamsMessagesEndpoint.Path);
        return true;
    }

    /// <summary>Maps <c>POST /api/messages</c>; does nothing when <see cref="AddTeams"/> left the adapter off.</summary>
    public static void MapTeams(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<TeamsOptions>() is null)
        {
            return;
        }
        endpoints.MapPost(TeamsMessagesEndpoint.Path, (HttpContext context) => context.RequestServices.GetRequiredService<TeamsMessagesEndpoint>().HandleAsync(context));
    }
}
