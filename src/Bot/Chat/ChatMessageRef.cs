namespace MeshBot.Bot.Chat;

/// <summary>
/// Where a message lives on its platform: the conversation (Slack channel id, Teams conversation id), the message id
/// (Slack <c>ts</c>, Teams activity id) and the thread it belongs to (Slack <c>thread_ts</c>, Teams reply chain).
/// </summary>
public sealed record ChatMessageRef(string Platform, string Conversation, string MessageId, string? ThreadId = null, string? ServiceUrl = null);
