using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Chat;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// What Slack's payloads do, whichever way they arrive (signed HTTP or Socket Mode): a slash command runs through
/// <see cref="ChatCommandParser"/> and <see cref="ChatCommandHandler"/> and its answer goes back in the acknowledgement;
/// a button press runs <see cref="ChatCommandHandler.PressAsync"/> after the acknowledgement and its answer is shown to
/// the presser only; an <c>app_mention</c> is a command whose answer is posted in the thread it was typed in.
/// </summary>
internal sealed class SlackDispatcher(
    ChatCommandHandler handler, SlackApiClient api, SlackBotUser botUser, SlackInflight inflight, SlackEventDeduplicator events,
    SlackTiming timing, TimeProvider time, ILogger<SlackDispatcher> logger)
{
    public const string Platform = "slack";

    public const string StillWorking = "Working on it; the answer follows here.";

    /// <summary>
    /// The text of the ephemeral acknowledgement. A command that takes longer than <see cref="SlackTiming.AckBudget"/>
    /// keeps running; its answer follows through <c>response_url</c>.
    /// </summary>
    public async Task<string> SlashCommandAsync(SlackSlashCommand command, CancellationToken cancellationToken)
    {
        var actor = new ChatActor(Platform, command.UserId, command.UserName);
        var parsed = ChatCommandParser.Parse(SlackText.Unescape(command.Text));
        // Not the request's token: once started, a command finishes even if Slack stops waiting.
        var answer = Task.Run(() => GuardedAsync($"{command.Command} from {command.UserId}", () => handler.HandleAsync(parsed, actor, command.ChannelId, null, CancellationToken.None)), CancellationToken.None);
        var first = await Task.WhenAny(answer, Task.Delay(timing.AckBudget, time, cancellationToken)).ConfigureAwait(false);
        if (first == answer)
        {
            return Format(await answer.ConfigureAwait(false));
        }
        inflight.Run($"late answer to {command.UserId}", async ct =>
            await TellAsync(command.ResponseUrl, command.ChannelId, command.UserId, null, Format(await answer.ConfigureAwait(false)), ct).ConfigureAwait(false));
        return StillWorking;
    }

    /// <summary>Button presses: each runs after the acknowledgement; its answer (approved, refused and why) goes to the presser only.</summary>
    public void BlockActions(SlackBlockActions actions)
    {
        var actor = new ChatActor(Platform, actions.UserId, actions.UserName);
        foreach (var actionId in actions.ActionIds)
        {
            inflight.Run($"press {actionId} by {actions.UserId}", async ct =>
            {
                var response = await GuardedAsync($"press {actionId}", () => handler.PressAsync(actionId, actor, ct)).ConfigureAwait(false);
                await TellAsync(actions.ResponseUrl, actions.ChannelId, actions.UserId, actions.ThreadTs, Format(response), ct).ConfigureAwait(false);
            });
        }
    }

    /// <summary>An <c>event_callback</c>: handled once per <c>event_id</c> (Slack's retries are dropped), after the acknowledgement.</summary>
    public void Event(JsonElement callback)
    {
        if (callback.Str("type") != "event_callback" || callback.Str("event_id") is not { } eventId || !events.FirstTime(eventId))
        {
            return;
        }
        var copy = callback.Clone();
        inflight.Run($"event {eventId}", async ct =>
        {
            var botUserId = await botUser.UserIdAsync(ct).ConfigureAwait(false);
            if (SlackAppMention.FromCallback(copy, botUserId) is not { } mention)
            {
                return;
            }
            var actor = new ChatActor(Platform, mention.UserId);
            var response = await GuardedAsync($"mention {eventId}", () => handler.HandleAsync(ChatCommandParser.Parse(mention.Text), actor, mention.ChannelId, null, ct)).ConfigureAwait(false);
            await api.PostMessageAsync(mention.ChannelId, new SlackMessage(Format(response), []), mention.ReplyThreadTs, ct).ConfigureAwait(false);
        });
    }

    /// <summary>A chat answer as Slack mrkdwn: escaped, refusals marked, within a section's length.</summary>
    public static string Format(ChatResponse response) =>
        SlackText.Fit((response.Refused ? "⛔ " : "") + response.Text, SlackBlockKit.MaxSectionText);

    /// <summary>An ephemeral answer to one person: through <c>response_url</c> when there is one, else <c>chat.postEphemeral</c>.</summary>
    private async Task TellAsync(string? responseUrl, string? channel, string user, string? threadTs, string text, CancellationToken cancellationToken)
    {
        if (api.IsResponseUrl(responseUrl, out var url))
        {
            try
            {
                await api.RespondAsync(url!, new JsonObject { ["response_type"] = "ephemeral", ["replace_original"] = false, ["text"] = text }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SlackApiException e)
            {
                logger.LogWarning("Slack response_url refused the answer for {User} ({Error}); trying chat.postEphemeral", user, e.Error);
            }
        }
        if (channel is null)
        {
            logger.LogWarning("Slack: no response_url and no channel to answer {User} in", user);
            return;
        }
        await api.PostEphemeralAsync(channel, user, text, threadTs, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ChatResponse> GuardedAsync(string what, Func<Task<ChatResponse>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Slack: {What} failed", what);
            return new ChatResponse("MeshBot could not do that: an internal error (it is logged).", true);
        }
    }
}
