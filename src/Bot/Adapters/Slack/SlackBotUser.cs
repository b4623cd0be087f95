namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// The bot's own user id (from <c>auth.test</c>, asked once and remembered): mentions of it are stripped from
/// commands, and its own messages are never taken as commands. Unknown while Slack cannot be asked; asked again later.
/// </summary>
internal sealed class SlackBotUser(SlackApiClient api, ILogger<SlackBotUser> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SlackIdentity? _identity;

    public async Task<string?> UserIdAsync(CancellationToken cancellationToken)
    {
        if (_identity is { } known)
        {
            return known.UserId;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _identity ??= await api.AuthTestAsync(cancellationToken).ConfigureAwait(false);
            return _identity.UserId;
        }
        catch (SlackApiException e)
        {
            logger.LogWarning("Slack auth.test failed ({Error}); mentions are matched without the bot's id", e.Error);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }
}
