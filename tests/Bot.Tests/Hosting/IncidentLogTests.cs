using MeshBot.Bot.Hosting;
using MeshBot.Bot.Incidents;
using MeshBot.Diagnosis.Runbook;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Tests.Hosting;

public sealed class IncidentLogTests
{
    private sealed class Capture : ILogger<IncidentLog>
    {
        private readonly Stack<object> _scopes = new();

        public List<(string Message, object Scope)> Lines { get; } = [];

        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            _scopes.Push(state);
            return new Pop(_scopes);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((formatter(state, exception), _scopes.Peek()));

        private sealed class Pop(Stack<object> scopes) : IDisposable
        {
            public void Dispose() => scopes.Pop();
        }
    }

    [Fact]
    public async Task Transition_IsLoggedInAScopeWithTheCorrelationId()
    {
        var capture = new Capture();
        var incident = new Incident { Id = "inc-1", CorrelationId = "c0ffee", Origin = "command", Requester = "alice", Request = new DiagnosisRequest(new TargetSpec("payments", "api")), CreatedAt = DateTimeOffset.UnixEpoch };

        await new IncidentLog(capture).OnEventAsync(new IncidentStateChanged(incident, IncidentState.AwaitingApproval, IncidentState.Executing, IncidentTrigger.Approved, "bob"), CancellationToken.None);

        var (message, scope) = Assert.Single(capture.Lines);
        Assert.Equal("inc-1 AwaitingApproval -> Executing (Approved) by bob", message);
        var values = Assert.IsAssignableFrom<IEnumerable<KeyValuePair<string, object?>>>(scope).ToDictionary(); // structured for every provider
        Assert.Equal("c0ffee", values["CorrelationId"]);
        Assert.Equal("inc-1", values["IncidentId"]);
    }

    [Fact]
    public async Task Scope_OnTheServeConsole_ShowsTheIdsNotTheTypeName()
    {
        await using var console = ConsoleCapture.OfServe();
        var incident = new Incident { Id = "inc-0000beef", CorrelationId = "c0ffee42", Origin = "alert", Requester = "alertmanager", Request = new DiagnosisRequest(new TargetSpec("payments", "api")), CreatedAt = DateTimeOffset.UnixEpoch };

        await new IncidentLog(console.Factory.CreateLogger<IncidentLog>()).OnEventAsync(new IncidentStateChanged(incident, IncidentState.Diagnosing, IncidentState.AwaitingApproval, IncidentTrigger.Propose, "meshbot"), CancellationToken.None);

        var line = Assert.Single(console.Lines);
        Assert.Contains("=> incident inc-0000beef correlation c0ffee42", line);
        Assert.DoesNotContain("System.Collections", line);
        Assert.EndsWith("inc-0000beef Diagnosing -> AwaitingApproval (Propose) by meshbot", line);
    }
}
