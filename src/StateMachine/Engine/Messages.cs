namespace MeshBot.StateMachine.Engine;

/// <summary>The sentences the machine says; kept together so tests and callers see one wording.</summary>
internal static class Messages
{
    public static string Rejected(string state, string trigger, IReadOnlyList<string> unmetGuards)
    {
        var reason = unmetGuards.Count switch
        {
            0 => "no transition for it",
            1 => $"guard '{unmetGuards[0]}' not met",
            _ => $"guards {Display.Quoted(unmetGuards)} not met",
        };
        return $"Trigger '{trigger}' is not valid in state '{state}': {reason}";
    }

    public static string Ambiguous(string state, string trigger, IReadOnlyList<string> metGuards) =>
        $"Trigger '{trigger}' is ambiguous in state '{state}': guards {Display.Quoted(metGuards)} are all met; "
        + "the guards of one trigger in one state must exclude each other";

    public static string AsyncActionsInSyncFire(string transition) =>
        $"Transition {transition} runs async entry or exit actions; fire it with FireAsync or TryFireAsync";
}
