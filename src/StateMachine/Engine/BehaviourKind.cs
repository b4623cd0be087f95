namespace MeshBot.StateMachine.Engine;

/// <summary>What a trigger does in a state once its guard (if any) is met.</summary>
internal enum BehaviourKind
{
    /// <summary>Move to another state.</summary>
    Transition,

    /// <summary>Exit and re-enter the configuring state.</summary>
    Reentry,

    /// <summary>Accept the trigger and do nothing.</summary>
    Ignore,
}
