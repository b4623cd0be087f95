using MeshBot.Bot.Chat;
using ThreadState = MeshBot.Bot.Chat.ThreadState;

namespace MeshBot.Bot.Adapters.Alertmanager;

/// <summary>
/// Where an alert group's triage thread goes: the Slack triage channel (<c>MeshBot:Slack:TriageChannel</c>) and the Teams
/// triage conversation (<c>MeshBot:Teams:TriageConversation</c>, with <c>MeshBot:Teams:TriageServiceUrl</c> when set).
/// Read from configuration directly, so this adapter does not depend on the chat adapters' types; a destination whose
/// platform is not running is skipped by the thread observer.
/// </summary>
internal sealed class AlertThreadDestinations
{
    private readonly IReadOnlyList<ThreadState> _destinations;

    public AlertThreadDestinations(IReadOnlyList<ThreadState> destinations) => _destinations = destinations;

    public static AlertThreadDestinations FromConfiguration(IConfiguration configuration)
    {
        var destinations = new List<ThreadState>();
        if (configuration["MeshBot:Slack:TriageChannel"] is { Length: > 0 } channel)
        {
            destinations.Add(new ThreadState("slack", channel));
        }
        if (configuration["MeshBot:Teams:TriageConversation"] is { Length: > 0 } conversation)
        {
            destinations.Add(new ThreadState("teams", conversation, configuration["MeshBot:Teams:TriageServiceUrl"] is { Length: > 0 } serviceUrl ? serviceUrl : null));
        }
        return new AlertThreadDestinations(destinations);
    }

    public int Count => _destinations.Count;

    /// <summary>The <c>thread</c> argument of <c>IncidentService.OpenAsync</c>: fresh thread states, no message posted yet.</summary>
    public string? Write() =>
        _destinations.Count == 0 ? null : ThreadState.Write(_destinations.Select(d => new ThreadState(d.Platform, d.Conversation, d.ServiceUrl)));

    public override string ToString() => _destinations.Count == 0 ? "no triage destination" : string.Join(", ", _destinations.Select(d => $"{d.Platform}:{d.Conversation}"));
}
