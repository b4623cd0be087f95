namespace MeshBot.StateMachine.Introspection;

/// <summary>One entry or exit action.</summary>
/// <param name="Description">The description given when configuring it, or null.</param>
/// <param name="FromTrigger">For OnEntryFrom: the trigger it is limited to; otherwise null.</param>
/// <param name="IsAsync">True for actions configured with an ...Async method.</param>
public sealed record ActionInfo(string? Description, string? FromTrigger, bool IsAsync);
