namespace MeshBot.Bot.Chat;

/// <summary>
/// A chat message in platform-neutral blocks. Adapters render it (Slack Block Kit, Teams Adaptive Cards, console
/// text) and enforce their platform's limits; <see cref="Text"/> is the plain-text fallback (notifications, logs).
/// </summary>
public sealed record ThreadMessage(string Text, IReadOnlyList<MessageBlock> Blocks);

public abstract record MessageBlock;

public sealed record Heading(string Text) : MessageBlock;

/// <summary>Light markup only: <c>*bold*</c>, <c>`code`</c>, line breaks. Adapters translate it.</summary>
public sealed record Paragraph(string Text) : MessageBlock;

public sealed record CodeBlock(string Code) : MessageBlock;

public sealed record Fields(IReadOnlyList<Field> Items) : MessageBlock;

public sealed record Field(string Label, string Value);

/// <summary>Small print under a message (ids, times, who did what).</summary>
public sealed record Note(string Text) : MessageBlock;

public sealed record Buttons(IReadOnlyList<ChatButton> Items) : MessageBlock;

public enum ButtonStyle
{
    Default,
    Primary,
    Danger,
}

/// <summary>
/// A button. <see cref="ActionId"/> is the contract string (<c>approve:INCIDENT:PROPOSAL</c>,
/// <c>reject:INCIDENT:PROPOSAL</c>, <c>silence:INCIDENT</c>): Slack's <c>action_id</c>, the data of a Teams card action.
/// </summary>
public sealed record ChatButton(string ActionId, string Label, ButtonStyle Style = ButtonStyle.Default);
