namespace MeshBot.StateMachine.Tests.Fixtures;

/// <summary>Triggers of the test workflow.</summary>
public enum Trigger
{
    Start,
    Approve,
    Resolve,
    Reopen,
    Ping,
    Escalate,
}
