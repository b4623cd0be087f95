using System.Text.Json;
using MeshBot.StateMachine;

namespace MeshBot.Bot.Incidents;

/// <summary>Fires a workflow trigger on an incident, persists the new state, and records the transition with who caused it.</summary>
internal sealed class IncidentTransitions(IncidentRuntime runtime)
{
    public async Task<bool> FireAsync(Incident incident, IncidentTrigger trigger, string actor, CancellationToken cancellationToken, Func<bool>? canPropose = null)
    {
        var machine = IncidentWorkflow.For(incident, canPropose ?? (() => true));
        var from = incident.State;
        var result = await machine.TryFireAsync(trigger).ConfigureAwait(false);
        if (!result.Succeeded || result.IsIgnored)
        {
            return false;
        }
        incident.UpdatedAt = runtime.Time.GetUtcNow();
        await runtime.Store.UpdateAsync(incident, cancellationToken).ConfigureAwait(false);
        var detail = JsonSerializer.Serialize(new { from = from.ToString(), to = incident.State.ToString(), trigger = trigger.ToString() });
        await runtime.AuditAsync(incident, actor, AuditKinds.Transition, $"{from} → {incident.State} ({trigger})", detail, cancellationToken).ConfigureAwait(false);
        await runtime.NotifyAsync(new IncidentStateChanged(incident, from, incident.State, trigger, actor), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public static bool Can(Incident incident, IncidentTrigger trigger) =>
        IncidentWorkflow.For(incident, () => true).CanFire(trigger);
}
