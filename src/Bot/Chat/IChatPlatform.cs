namespace MeshBot.Bot.Chat;

/// <summary>
/// The one small interface the workflow talks to chat through: start a thread, reply in it, update a message.
/// A chat adapter knows nothing about Istio; the workflow knows nothing about Slack or Teams.
/// </summary>
public interface IChatPlatform
{
    /// <summary><c>slack</c>, <c>teams</c>, <c>console</c>: the prefix of <see cref="ChatMessageRef.Platform"/>.</summary>
    string Name { get; }

    /// <summary>Posts the head message of a new thread in a conversation (channel).</summary>
    Task<ChatMessageRef> StartThreadAsync(string conversation, ThreadMessage message, CancellationToken cancellationToken);

    Task<ChatMessageRef> ReplyAsync(ChatMessageRef thread, ThreadMessage message, CancellationToken cancellationToken);

    /// <summary>Replaces a message's content (the head's state, a proposal's buttons by its result).</summary>
    Task UpdateAsync(ChatMessageRef message, ThreadMessage content, CancellationToken cancellationToken);
}
