using System.CommandLine;
using MeshBot.Bot.Hosting;

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
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
