using System.Text.Json;
using Stateless;

namespace MeshBot.Bot.Incidents;

/// <summary>Fires a workflow trigger on an incident, persists the new state, and records the transition with who caused it.</summary>
internal sealed class IncidentTransitions(IncidentRuntime runtime)
{
    public async Task<bool> FireAsync(Incident incident, IncidentTrigger trigger, string actor, CancellationToken cancellationToken, Func<bool>? canPropose = null)
    {
        var machine = IncidentWorkflow.For(incident, canPropose ?? (() => true));
        var from = incident.State;
        if (!machine.CanFire(trigger))
        {
            return false; // not permitted here, or its guard is not met
        }
        StateMachine<IncidentState, IncidentTrigger>.Transition? transition = null;
        machine.OnTransitioned(t => transition = t);
        await machine.FireAsync(trigger).ConfigureAwait(false);
        if (transition is null)
        {
            return false; // ignored in this state
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
