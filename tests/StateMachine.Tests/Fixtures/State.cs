namespace MeshBot.StateMachine.Tests.Fixtures;

/// <summary>States of the small workflow most tests use; Active is the superstate of Diagnosing and Remediating.</summary>
public enum State
{
    Open,
    Active,
    Diagnosing,
    Remediating,
    Closed,
}
