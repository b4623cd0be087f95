using System.Text.Json.Nodes;
using MeshBot.Bot.Chat;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// Incident threads in Teams. In a channel a thread is a new post (<c>POST /v3/conversations</c> with the channel in
/// <c>channelData</c>, as the SDK's <c>SendMessageToTeamsChannelAsync</c> does) whose replies go under it; in a chat
/// (no threads there) the head is posted to the conversation and replies follow it. Messages are updated in place.
/// A message reference keeps its <c>serviceUrl</c>, so the thread survives restarts.
/// </summary>
internal sealed class TeamsPlatform(TeamsConnector connector, TeamsConversations conversations, TeamsOptions options) : IChatPlatform
{
    public const string PlatformName = "teams";

    public string Name => PlatformName;

    public async Task<ChatMessageRef> StartThreadAsync(string conversation, ThreadMessage message, CancellationToken cancellationToken)
    {
        var target = await conversations.ResolveAsync(conversation, cancellationToken).ConfigureAwait(false);
        var activity = OutgoingActivities.For(message);
        if (!target.IsChannel)
        {
            var id = await connector.SendAsync(target.ServiceUrl, target.Id, activity, cancellationToken).ConfigureAwait(false);
            return new ChatMessageRef(PlatformName, target.Id, id, id, target.ServiceUrl.ToString());
        }
        var tenant = target.TenantId ?? options.TenantId;
        var channelData = new JsonObject { ["channel"] = new JsonObject { ["id"] = target.ChannelId } };
        var parameters = new JsonObject { ["isGroup"] = true, ["channelData"] = channelData, ["activity"] = activity };
        if (tenant is not null)
        {
            channelData["tenant"] = new JsonObject { ["id"] = tenant };
            parameters["tenantId"] = tenant;
        }
        var (thread, root) = await connector.CreateConversationAsync(target.ServiceUrl, parameters, cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            throw new TeamsApiException("create-conversation", null, null, "the Connector answered without the new post's activityId");
        }
        return new ChatMessageRef(PlatformName, thread, root, root, target.ServiceUrl.ToString());
    }

    public async Task<ChatMessageRef> ReplyAsync(ChatMessageRef thread, ThreadMessage message, CancellationToken cancellationToken)
    {
        var serviceUrl = await ServiceUrlAsync(thread, cancellationToken).ConfigureAwait(false);
        var root = thread.ThreadId ?? thread.MessageId;
        var id = await connector.ReplyAsync(serviceUrl, thread.Conversation, root, OutgoingActivities.For(message), cancellationToken).ConfigureAwait(false);
        return new ChatMessageRef(PlatformName, thread.Conversation, id, root, serviceUrl.ToString());
    }

    public async Task UpdateAsync(ChatMessageRef message, ThreadMessage content, CancellationToken cancellationToken)
    {
        var serviceUrl = await ServiceUrlAsync(message, cancellationToken).ConfigureAwait(false);
        await connector.UpdateAsync(serviceUrl, message.Conversation, message.MessageId, OutgoingActivities.For(content), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message's own serviceUrl (stored with the thread); only a reference without one is looked up.</summary>
    private async Task<Uri> ServiceUrlAsync(ChatMessageRef message, CancellationToken cancellationToken) =>
        message.ServiceUrl is null
            ? (await conversations.ResolveAsync(message.Conversation, cancellationToken).ConfigureAwait(false)).ServiceUrl
            : ServiceUrls.Parse(message.ServiceUrl);
}
