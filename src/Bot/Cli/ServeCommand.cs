using System.CommandLine;
using MeshBot.Bot.Hosting;
using MeshBot.Bot.Incidents.Store;

namespace MeshBot.Bot.Cli;

/// <summary>
/// <c>meshbot serve [--urls URL] [--MeshBot:Section:Key=value …]</c>: the bot. <c>--urls</c> is ASP.NET Core's; the
/// configuration overrides go to the host's configuration; anything else is refused (see <see cref="SettingArguments"/>).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen, e.g. http://0.0.0.0:8080 (default http://localhost:5000; also ASPNETCORE_URLS).", HelpName = "URL" };
        var command = new Command("serve", "Run the bot: Slack, Teams and Alertmanager endpoints, health and metrics.")
        {
            urls,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] settings = SettingArguments.Validate("serve", [.. parse.UnmatchedTokens]);
            if (parse.GetValue(urls) is { } url)
            {
                settings = ["--urls", ServeUrls.Validate(url), .. settings];
            }
            var app = ServeHost.Build(settings);
            // Opened before the host starts, so that a store refused (an empty or damaged file) is one line and exit code 2,
            // not a hosting failure logged with its stack trace. The start-up migration then finds nothing to do.
            try
            {
                // Likewise the cluster connection (first, so nothing is created on the way): no kubeconfig, or an
                // unreadable one, is one line, not a trace.
                _ = app.Services.GetService<LiveCluster>();
                await app.Services.GetRequiredService<IIncidentStore>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
