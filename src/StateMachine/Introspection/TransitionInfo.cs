namespace MeshBot.StateMachine.Introspection;

/// <summary>One configured transition.</summary>
/// <param name="Source">The state the rule is configured on.</param>
/// <param name="Trigger">The trigger's text.</param>
/// <param name="Destination">The target state; the source itself for a reentry.</param>
/// <param name="Guard">The guard's description, or null when the transition is unconditional.</param>
/// <param name="IsReentry">True for PermitReentry.</param>
public sealed record TransitionInfo(string Source, string Trigger, string Destination, string? Guard, bool IsReentry)
{
    /// <summary>"Trigger" or "Trigger [guard]": the edge label the graphs use.</summary>
    public string Label => Guard is null ? Trigger : $"{Trigger} [{Guard}]";
}
