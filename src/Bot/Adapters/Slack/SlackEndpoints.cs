using MeshBot.Bot.Chat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// The Slack adapter for the host. <see cref="AddSlack"/> reads <c>MeshBot:Slack</c> and registers the adapter;
/// <see cref="MapSlack"/> maps <c>POST /slack/commands</c>, <c>/slack/interactions</c> and <c>/slack/events</c>. The host
/// provides <see cref="ChatCommandHandler"/> (and what it needs), <see cref="Hosting.MeshBotMetrics"/> and <see cref="TimeProvider"/>.
/// </summary>
public static class SlackEndpoints
{
    /// <summary>
    /// Registers <see cref="SlackOptions"/>, the Web API client (a named HttpClient from IHttpClientFactory, without the
    /// factory's request logging), Slack as an <see cref="IChatPlatform"/> singleton, the endpoints' services, and the
    /// Socket Mode service when <c>MeshBot:Slack:AppToken</c> is set. Returns false, after one log line, when
    /// <c>SigningSecret</c> or <c>BotToken</c> is missing (the adapter is disabled); a malformed value throws
    /// <see cref="Cli.CliException"/> naming the key.
    /// </summary>
    public static bool AddSlack(this IServiceCollection services, IConfiguration configuration, ILogger startupLog)
    {
        var options = SlackOptions.Read(configuration);
        if (options.MissingSecrets is { Count: > 0 } missing)
        {
            startupLog.LogWarning("Slack adapter disabled: {Missing} not set", string.Join(" and ", missing));
            return false;
        }

        services.AddSingleton(options);
        services.TryAddSingleton(new SlackPacing());
        services.TryAddSingleton(new SlackTiming());
        services.TryAddSingleton(TimeProvider.System);
        // No request logging by the factory: it would write response_url addresses (credentials for 30 minutes) to the logs.
        services.AddHttpClient(SlackApiClient.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            .RemoveAllLoggers();
        services.AddSingleton<SlackPacer>();
        services.AddSingleton<SlackApiClient>();
        services.AddSingleton<SlackBotUser>();
        services.AddSingleton<SlackInflight>();
        services.AddSingleton<SlackEventDeduplicator>();
        services.AddSingleton<SlackReplayGuard>();
        services.AddSingleton(sp => new SlackSignatureVerifier(options.SigningSecret, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SlackInboundGate>();
        services.AddSingleton<SlackDispatcher>();
        services.AddSingleton<SlackHttpEndpoints>();
        services.AddSingleton<SlackPlatform>();
        services.AddSingleton<IChatPlatform>(sp => sp.GetRequiredService<SlackPlatform>());
        if (options.SocketMode)
        {
            services.AddSingleton<SlackSocketMode>();
            services.AddHostedService(sp => sp.GetRequiredService<SlackSocketMode>());
        }
        startupLog.LogInformation("Slack adapter enabled: Web API at {Api}, {Mode}{Triage}",
            options.ApiBaseUrl, options.SocketMode ? "Socket Mode (and signed HTTP endpoints)" : "signed HTTP endpoints /slack/*",
            options.TriageChannel.Length > 0 ? $", alert threads in {options.TriageChannel}" : ", no triage channel");
        return true;
    }

    /// <summary>Maps the three signed endpoints; maps nothing when <see cref="AddSlack"/> disabled the adapter.</summary>
    public static void MapSlack(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<SlackOptions>() is null)
        {
            return;
        }
        // Slack authenticates by signature, not by the host's authentication schemes.
        endpoints.MapPost(SlackHttpEndpoints.Commands, context => context.RequestServices.GetRequiredService<SlackHttpEndpoints>().CommandsAsync(context)).AllowAnonymous();
        endpoints.MapPost(SlackHttpEndpoints.Interactions, context => context.RequestServices.GetRequiredService<SlackHttpEndpoints>().InteractionsAsync(context)).AllowAnonymous();
        endpoints.MapPost(SlackHttpEndpoints.Events, context => context.RequestServices.GetRequiredService<SlackHttpEndpoints>().EventsAsync(context)).AllowAnonymous();
    }
}
