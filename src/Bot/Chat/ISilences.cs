namespace MeshBot.Bot.Chat;

/// <summary>Alertmanager silences for an incident's alerts, created by the person who asked (<c>silence INCIDENT 2h</c>, the Silence button).</summary>
public interface ISilences
{
    Task<ChatResponse> SilenceAsync(string incidentId, TimeSpan duration, ChatActor actor, CancellationToken cancellationToken);
}
