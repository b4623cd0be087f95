using System.CommandLine;
using MeshBot.Bot.Hosting;
using MeshBot.Bot.Incidents.Store;

namespace MeshBot.Bot.Cli;

/// <summary><c>meshbot serve [--urls URL]</c>: the bot. Every unrecognised option goes to ASP.NET Core (<c>--urls</c>, <c>--environment</c>).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the bot: Slack, Teams and Alertmanager endpoints, health and metrics.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var app = ServeHost.Build([.. parse.UnmatchedTokens]);
            // Opened before the host starts, so that a store refused (an empty or damaged file) is one line and exit code 2,
            // not a hosting failure logged with its stack trace. The start-up migration then finds nothing to do.
            try
            {
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
