using MeshBot.Bot.Chat;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// Slack as an <see cref="IChatPlatform"/>: a thread is a channel message (its <c>ts</c> is the thread id) with replies
/// posted under it (<c>thread_ts</c>); updates are <c>chat.update</c>. Messages are rendered by <see cref="SlackBlockKit"/>.
/// </summary>
internal sealed class SlackPlatform(SlackApiClient api) : IChatPlatform
{
    public string Name => SlackDispatcher.Platform;

    public async Task<ChatMessageRef> StartThreadAsync(string conversation, ThreadMessage message, CancellationToken cancellationToken)
    {
        var posted = await api.PostMessageAsync(conversation, SlackBlockKit.Render(message), null, cancellationToken).ConfigureAwait(false);
        // Slack answers with the channel's id even when it was addressed by name; chat.update needs the id.
        return new ChatMessageRef(Name, posted.Channel, posted.Ts, posted.Ts);
    }

    public async Task<ChatMessageRef> ReplyAsync(ChatMessageRef thread, ThreadMessage message, CancellationToken cancellationToken)
    {
        var threadTs = thread.ThreadId ?? thread.MessageId;
        var posted = await api.PostMessageAsync(thread.Conversation, SlackBlockKit.Render(message), threadTs, cancellationToken).ConfigureAwait(false);
        return new ChatMessageRef(Name, posted.Channel, posted.Ts, threadTs);
    }

    public async Task UpdateAsync(ChatMessageRef message, ThreadMessage content, CancellationToken cancellationToken) =>
        await api.UpdateAsync(message.Conversation, message.MessageId, SlackBlockKit.Render(content), cancellationToken).ConfigureAwait(false);
}
