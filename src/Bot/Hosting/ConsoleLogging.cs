using Microsoft.Extensions.Logging.Console;

namespace MeshBot.Bot.Hosting;

/// <summary>The one console logger configuration of <c>meshbot serve</c>, for the host and its start-up logger alike.</summary>
internal static class ConsoleLogging
{
    /// <summary>The console logger printing through <see cref="EscapingConsoleFormatter"/>: timestamp "HH:mm:ss ", scopes.</summary>
    public static ILoggingBuilder AddEscapingConsole(this ILoggingBuilder logging)
    {
        logging.AddConsole(o => o.FormatterName = EscapingConsoleFormatter.FormatterName);
        logging.AddConsoleFormatter<EscapingConsoleFormatter, ConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        return logging;
    }
}
