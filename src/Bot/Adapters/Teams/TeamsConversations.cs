using System.Collections.Concurrent;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Incidents.Store;
using ThreadState = MeshBot.Bot.Chat.ThreadState;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// What the bot knows of each conversation it was reached in: the <c>serviceUrl</c> an authenticated activity
/// vouched for, whether it is a channel (where a new thread is a new post), its channel and tenant ids. A thread
/// start looks here first, then in the incidents' stored threads (which keep the <c>serviceUrl</c> across restarts),
/// then falls back to <see cref="TeamsOptions.ServiceUrl"/> (the documented global endpoint for proactive messages).
/// </summary>
internal sealed class TeamsConversations(TeamsOptions options, IIncidentStore store)
{
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, TeamsConversation> _known = new(StringComparer.Ordinal);

    /// <summary>Records an activity's conversation. Call only after its token was validated and its serviceUrl matched the token.</summary>
    public void Remember(TeamsActivity activity, Uri serviceUrl)
    {
        if (activity.Conversation?.Id is not { Length: > 0 } id)
        {
            return;
        }
        if (_known.Count >= Capacity)
        {
            _known.Clear(); // a crude bound; the store and the configured default still answer
        }
        var channel = activity.Conversation.ConversationType == "channel";
        var known = new TeamsConversation(id, serviceUrl, channel, channel ? activity.ChannelData?.Channel?.Id ?? BaseId(id) : null,
            activity.Conversation.TenantId ?? activity.ChannelData?.Tenant?.Id);
        _known[id] = known;
        if (channel)
        {
            _known[BaseId(id)] = known with { Id = BaseId(id) };
        }
    }

    public async Task<TeamsConversation> ResolveAsync(string conversation, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(conversation, out var known))
        {
            return known;
        }
        var channel = LooksLikeChannel(conversation);
        var stored = await StoredServiceUrlAsync(conversation, cancellationToken).ConfigureAwait(false);
        return new TeamsConversation(conversation, stored ?? options.ServiceUrl, channel, channel ? BaseId(conversation) : null, options.TenantId);
    }

    /// <summary>A channel's conversation id without the <c>;messageid=</c> of one of its threads.</summary>
    public static string BaseId(string conversation) => conversation.Split(';', 2)[0];

    // Team channels are 19:…@thread.tacv2 (older: @thread.skype), their threads add ;messageid=…; group chats are
    // @thread.v2, personal chats a:… . Only for conversations no activity has described since the last start.
    private static bool LooksLikeChannel(string conversation) =>
        BaseId(conversation) is var id && id.StartsWith("19:", StringComparison.Ordinal)
        && (id.EndsWith("@thread.tacv2", StringComparison.Ordinal) || id.EndsWith("@thread.skype", StringComparison.Ordinal));

    private async Task<Uri?> StoredServiceUrlAsync(string conversation, CancellationToken cancellationToken)
    {
        foreach (var incident in (await store.ListAsync(null, cancellationToken).ConfigureAwait(false)).OrderByDescending(i => i.UpdatedAt))
        {
            foreach (var thread in ThreadState.Read(incident.Thread))
            {
                if (thread.Platform == TeamsPlatform.PlatformName && thread.Conversation == conversation && ServiceUrls.TryParse(thread.ServiceUrl, out var url))
                {
                    return url;
                }
            }
        }
        return null;
    }
}

/// <summary>A conversation to post in: its Connector base URL, and for a channel the channel id new threads start in.</summary>
internal sealed record TeamsConversation(string Id, Uri ServiceUrl, bool IsChannel, string? ChannelId, string? TenantId);
