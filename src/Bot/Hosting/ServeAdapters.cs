using MeshBot.Bot.Adapters.Alertmanager;
using MeshBot.Bot.Adapters.Slack;
using MeshBot.Bot.Adapters.Teams;

namespace MeshBot.Bot.Hosting;

/// <summary>The chat and alert adapters of <c>meshbot serve</c>: each adds itself when its secrets are configured.</summary>
internal static class ServeAdapters
{
    public static void Add(IServiceCollection services, IConfiguration configuration, ILogger startup)
    {
        services.AddSlack(configuration, startup);
        services.AddTeams(configuration, startup);
        services.AddAlertmanager(configuration, startup);
    }

    public static void Map(WebApplication app)
    {
        app.MapSlack();
        app.MapTeams();
        app.MapAlertmanager();
    }
}
