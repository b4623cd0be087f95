using System.Text.Json.Nodes;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Incidents.Store;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// What an authenticated activity asks for. A message is a command (mentions stripped) answered by a reply to it; a
/// message carrying card data (Action.Submit) is a button press answered the same way; an <c>adaptiveCard/action</c>
/// invoke (Action.Execute) is a button press answered in the HTTP response with the card as it now stands: the
/// proposal with its result in place of the buttons, or with the refusal shown to the presser. Other activity types
/// (conversationUpdate, installationUpdate, reactions…) are accepted and ignored.
/// </summary>
internal sealed class TeamsActivityHandler(ChatCommandHandler commands, IIncidentStore store, TeamsConnector connector, ILogger<TeamsActivityHandler> logger)
{
    public const string AdaptiveCardAction = "adaptiveCard/action";

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    public async Task<TeamsReply> HandleAsync(TeamsActivity activity, Uri serviceUrl, CancellationToken cancellationToken)
    {
        switch (activity.Type)
        {
            case "message" when CardActions.FromSubmit(activity.Value) is { } actionId:
                var press = await commands.PressAsync(actionId, Actor(activity), cancellationToken).ConfigureAwait(false);
                await ReplyAsync(activity, serviceUrl, press.Refused ? $"Not applied: {press.Text}" : press.Text).ConfigureAwait(false);
                return TeamsReply.Accepted;
            case "message" when activity.Value is not null && string.IsNullOrWhiteSpace(activity.Text):
                return TeamsReply.Accepted; // card data that is not MeshBot's
            case "message":
                var command = ChatCommandParser.Parse(TeamsMentions.CommandText(activity));
                var answer = await commands.HandleAsync(command, Actor(activity), activity.Conversation!.Id!, serviceUrl.ToString(), cancellationToken).ConfigureAwait(false);
                await ReplyAsync(activity, serviceUrl, answer.Text).ConfigureAwait(false);
                return TeamsReply.Accepted;
            case "invoke" when activity.Name == AdaptiveCardAction:
                return await ExecuteAsync(activity, cancellationToken).ConfigureAwait(false);
            case "invoke":
                return new TeamsReply(StatusCodes.Status501NotImplemented, null); // as the SDK's ActivityHandler answers unhandled invokes
            default:
                return TeamsReply.Accepted;
        }
    }

    private async Task<TeamsReply> ExecuteAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        if (CardActions.FromExecute(activity.Value, out var problem) is not { } actionId)
        {
            return TeamsReply.Invoke(new JsonObject
            {
                ["statusCode"] = 400,
                ["type"] = "application/vnd.microsoft.error",
                ["value"] = new JsonObject { ["code"] = problem.Code, ["message"] = problem.Message },
            });
        }
        var actor = Actor(activity);
        var response = await commands.PressAsync(actionId, actor, cancellationToken).ConfigureAwait(false);
        var card = await ResultAsync(actionId, response, cancellationToken).ConfigureAwait(false);
        return TeamsReply.Invoke(new JsonObject
        {
            ["statusCode"] = 200,
            ["type"] = AdaptiveCards.ContentType,
            ["value"] = AdaptiveCards.Render(OutgoingActivities.Fit(card)),
        });
    }

    /// <summary>The proposal card as it stands after the press, with the answer; a plain card with the answer for anything else.</summary>
    private async Task<ThreadMessage> ResultAsync(string actionId, ChatResponse response, CancellationToken cancellationToken)
    {
        var answer = ThreadRenderer.Text(response.Refused ? $"*Not applied:* {response.Text}" : response.Text);
        if (actionId.Split(':') is not [("approve" or "reject"), var incidentId, var proposalId]
            || await store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is not { } incident)
        {
            return answer;
        }
        var stored = (await store.ProposalsAsync(incidentId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Id == proposalId);
        if (stored is null)
        {
            return answer;
        }
        var steps = (await store.StepsAsync(incidentId, cancellationToken).ConfigureAwait(false)).Where(s => s.ProposalId == proposalId).OrderBy(s => s.Index).ToArray();
        var status = stored.Status.ToString().ToLowerInvariant() + (response.Refused ? "" : ": " + response.Text);
        var card = ThreadRenderer.Proposal(incident, stored, status, steps);
        return response.Refused ? card with { Blocks = [.. answer.Blocks, .. card.Blocks] } : card;
    }

    /// <summary>Answers the person in the conversation; a failure is logged (the command itself went ahead).</summary>
    private async Task ReplyAsync(TeamsActivity activity, Uri serviceUrl, string text)
    {
        var reply = OutgoingActivities.Text(text);
        reply["from"] = Account(activity.Recipient);
        reply["recipient"] = Account(activity.From);
        reply["conversation"] = new JsonObject { ["id"] = activity.Conversation!.Id };
        // Not the request's token: the Connector may give up on the request, the person should still get the answer.
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        try
        {
            if (activity.Id is { Length: > 0 } id)
            {
                await connector.ReplyAsync(serviceUrl, activity.Conversation.Id!, id, reply, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await connector.SendAsync(serviceUrl, activity.Conversation.Id!, reply, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is TeamsApiException or OperationCanceledException)
        {
            logger.LogWarning("Teams reply in {Conversation} not sent: {Message}", activity.Conversation.Id, e.Message);
        }
    }

    private static ChatActor Actor(TeamsActivity activity) =>
        new(TeamsPlatform.PlatformName, activity.From?.AadObjectId is { Length: > 0 } aad ? aad : activity.From!.Id!, activity.From?.Name);

    private static JsonObject? Account(ChannelAccount? account) =>
        account is null ? null : new JsonObject { ["id"] = account.Id, ["name"] = account.Name };
}

/// <summary>The HTTP answer to an activity: 200 and nothing for messages (replies go through the Connector), the invoke response for invokes.</summary>
internal sealed record TeamsReply(int Status, JsonObject? Body)
{
    public static readonly TeamsReply Accepted = new(StatusCodes.Status200OK, null);

    public static TeamsReply Invoke(JsonObject body) => new(StatusCodes.Status200OK, body);
}
