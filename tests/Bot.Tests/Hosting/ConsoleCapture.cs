using MeshBot.Bot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MeshBot.Bot.Tests.Hosting;

/// <summary>
/// What <c>meshbot serve</c>'s console logger prints, into a string instead of stdout (which parallel tests share): the
/// console formatter the host built by <see cref="ServeHost"/> selected (<see cref="ConsoleLoggerOptions.FormatterName"/>),
/// configured as that host configured it, behind a real <see cref="LoggerFactory"/> with its scopes.
/// </summary>
internal sealed class ConsoleCapture : ILoggerProvider, ISupportExternalScope, IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly ConsoleFormatter _formatter;
    private readonly StringWriter _writer = new();
    private IExternalScopeProvider? _scopes;

    private ConsoleCapture(WebApplication host)
    {
        _host = host;
        var name = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple;
        _formatter = host.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == name);
        Factory = LoggerFactory.Create(l => l.AddProvider(this).SetMinimumLevel(LogLevel.Trace));
    }

    /// <summary>The console of a host built as <c>meshbot serve</c> builds it (not started: its logging is all that is read).</summary>
    public static ConsoleCapture OfServe() =>
        new(ServeHost.Build(["--urls", "http://127.0.0.1:0", $"--MeshBot:Store:ConnectionString=Data Source={Path.Combine(Path.GetTempPath(), $"meshbot-console-{Guid.NewGuid():N}.db")}"]));

    public ILoggerFactory Factory { get; }

    public string Text
    {
        get
        {
            lock (_writer)
            {
                return _writer.ToString();
            }
        }
    }

    /// <summary>The printed lines, split where a terminal or a log collector would split them.</summary>
    public IReadOnlyList<string> Lines => Text.Split(['\n', '\r']).Where(l => l.Length > 0).ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public async ValueTask DisposeAsync()
    {
        Factory.Dispose();
        await _host.DisposeAsync();
    }

    private sealed class Logger(ConsoleCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes?.Push(state) ?? NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (capture._writer)
            {
                capture._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), capture._scopes, capture._writer);
            }
        }
    }
}
