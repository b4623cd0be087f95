using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MeshBot.Bot.Hosting;

/// <summary>
/// The console format of <c>meshbot serve</c>: one line per entry (<c>HH:mm:ss info: Category[0] => scope message</c>),
/// the exception, if any, on indented lines after it. Labels, chat text and ids reach messages and scopes as they were
/// sent, so every control character in them is escaped (<c>\n</c> as the two characters <c>\n</c>, the others as
/// <c>\u000d</c>-style escapes): a value cannot end a line and forge the next one. The simple console formatter leaves
/// CR, NUL and scopes raw.
/// </summary>
internal sealed class EscapingConsoleFormatter(IOptionsMonitor<ConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "meshbot";

    // C0, DEL and C1 controls; the Unicode line and paragraph separators (line breaks to some viewers); and the bidi
    // embedding, override and isolate controls, which make a terminal show a line in another order than it holds.
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), .. Enumerable.Range(0x7f, 0x21).Select(c => (char)c),
         '\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']);

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }
        var settings = options.CurrentValue;
        var line = new StringBuilder(128 + message.Length);
        if (settings.TimestampFormat is { } format)
        {
            var now = settings.UseUtcTimestamp ? TimeProvider.System.GetUtcNow() : TimeProvider.System.GetLocalNow();
            line.Append(now.ToString(format, CultureInfo.InvariantCulture));
        }
        line.Append(Level(logEntry.LogLevel)).Append(": ").Append(Escape(logEntry.Category)).Append('[').Append(logEntry.EventId.Id).Append(']');
        if (settings.IncludeScopes && scopeProvider is not null)
        {
            scopeProvider.ForEachScope((scope, text) => text.Append(" => ").Append(Escape(scope?.ToString() ?? "")), line);
        }
        line.Append(' ').Append(Escape(message));
        if (logEntry.Exception is { } exception)
        {
            AppendException(line, exception, "  ");
        }
        textWriter.Write(line.Append(Environment.NewLine).ToString());
    }

    /// <summary>The text with control characters escaped; the same string when it has none.</summary>
    public static string Escape(string text)
    {
        var first = text.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (c == '\n')
            {
                escaped.Append("\\n");
            }
            else if (Unsafe.Contains(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }
        return escaped.ToString();
    }

    // Each exception of the chain as "Type: message" and its frames, every line indented so none can pass for an entry.
    private static void AppendException(StringBuilder line, Exception exception, string indent)
    {
        line.Append(Environment.NewLine).Append(indent).Append(Escape(exception.GetType().FullName ?? "")).Append(": ").Append(Escape(exception.Message));
        foreach (var frame in (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            line.Append(Environment.NewLine).Append(indent).Append("  ").Append(Escape(frame));
        }
        IEnumerable<Exception> inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var cause in inner)
        {
            AppendException(line, cause, indent + "  ");
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
