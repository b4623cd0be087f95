using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Incidents;

namespace MeshBot.Bot.Tests.Adapters.Teams;

/// <summary>
/// The whole loop through Teams: an @mention command is answered, the triage thread appears in the channel (a new
/// post, the runbook replies, the proposal card with Approve/Reject), and a button press by an approver applies the
/// fix and resolves the incident, while a press by anybody else shows the refusal and changes nothing.
/// </summary>
public sealed class TeamsConversationTests : IAsyncLifetime
{
    private FakeBotFramework _framework = null!;
    private TeamsBot _bot = null!;

    public async Task InitializeAsync()
    {
        _framework = await FakeBotFramework.StartAsync();
        _bot = await TeamsBot.StartAsync(_framework);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _framework.DisposeAsync();
    }

    [Fact]
    public async Task Diagnose_MentionInChannel_RepliesThenPostsTheTriageThreadWithAProposalCard()
    {
        var message = Activities.Message(_framework, "<at>MeshBot</at> diagnose payments/api from monitoring/prometheus port 80");

        var response = await _bot.PostAsync(message);
        var (incident, proposalCard, _) = await ProposalPostedAsync();
        var calls = _framework.Calls;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = Assert.Single(calls, c => c.Operation == "reply" && c.ActivityId == message["id"]!.GetValue<string>());
        Assert.Equal(TeamsBot.Channel + ";messageid=1700000000001", ack.Conversation);
        Assert.Contains("Working on it: diagnosing payments/api from monitoring/prometheus port 80", ack.Body["text"]!.GetValue<string>());
        Assert.Equal(ack.ActivityId, ack.Body["replyToId"]!.GetValue<string>());

        // The thread: a new post in the channel (proactive), then replies under it.
        var head = Assert.Single(calls, c => c.Operation == "create");
        Assert.True(head.Body["isGroup"]!.GetValue<bool>());
        Assert.Equal(TeamsBot.Channel, head.Body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", head.Activity["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Contains($"mTLS incident {incident.Id}: payments/api", head.Card!.ToJsonString());
        var thread = Assert.Single(calls.Where(c => c.Operation == "reply" && c.Conversation != ack.Conversation).Select(c => (c.Conversation, c.ActivityId)).Distinct());
        Assert.Equal((TeamsBot.Channel + ";messageid=" + head.Id, head.Id), thread);
        Assert.True(calls.Count(c => c.Operation == "reply" && c.Conversation == thread.Conversation) >= 6); // five branches and the proposal
        Assert.Contains(calls, c => c.Operation == "reply" && c.Json.Contains("platform-namespace", StringComparison.Ordinal) && c.Json.Contains("Monospace", StringComparison.Ordinal));

        // The proposal card: the action, its risk, the kubectl equivalent in monospace, and once the incident awaits
        // approval, Approve/Reject as Action.Execute (verb meshbot) carrying the action id, with an Action.Submit fallback.
        var proposal = Assert.Single(await _bot.Store.ProposalsAsync(incident.Id));
        var actions = proposalCard["body"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "ActionSet")!["actions"]!.AsArray();
        Assert.Equal(["Approve", "Reject"], actions.Select(a => a!["title"]!.GetValue<string>()));
        Assert.All(actions, a => Assert.Equal(("Action.Execute", "meshbot", "Action.Submit"), (a!["type"]!.GetValue<string>(), a["verb"]!.GetValue<string>(), a["fallback"]!["type"]!.GetValue<string>())));
        Assert.Equal([$"approve:{incident.Id}:{proposal.Id}", $"reject:{incident.Id}:{proposal.Id}"], actions.Select(a => a!["data"]!["action"]!.GetValue<string>()));
        Assert.Equal([$"approve:{incident.Id}:{proposal.Id}", $"reject:{incident.Id}:{proposal.Id}"], actions.Select(a => a!["fallback"]!["data"]!["action"]!.GetValue<string>()));
        Assert.Equal("1.4", proposalCard["version"]!.GetValue<string>());
        var body = proposalCard["body"]!.AsArray();
        Assert.Equal($"1. create-peer-authentication {proposal.Proposal.Target}", body[0]!["text"]!.GetValue<string>());
        Assert.Contains(body, b => b!["type"]!.GetValue<string>() == "FactSet" && b["facts"]!.ToJsonString().Contains("\"medium\"", StringComparison.Ordinal));
        Assert.Contains(body, b => b!["fontType"]?.GetValue<string>() == "Monospace" && b["text"]!.GetValue<string>().Contains("kubectl", StringComparison.Ordinal));
        Assert.Equal(1, _framework.TokenRequests);
        Assert.Equal("https://api.botframework.com/.default", _framework.LastTokenForm!["scope"]);
        Assert.Equal(IncidentState.AwaitingApproval, (await _bot.SingleIncidentAsync()).State);
        Assert.Equal(TeamsBot.Carol, incident.Requester);
    }

    [Fact]
    public async Task Execute_ApproverPresses_AnswersWithTheUpdatedCardAppliesAndResolves()
    {
        await _bot.PostAsync(Activities.Message(_framework, "<at>MeshBot</at> diagnose payments/api from monitoring/prometheus port 80"));
        var (incident, _, proposalMessage) = await ProposalPostedAsync();
        var proposal = Assert.Single(await _bot.Store.ProposalsAsync(incident.Id));

        var response = await _bot.PostAsync(Activities.Execute(_framework, $"approve:{incident.Id}:{proposal.Id}", TeamsBot.Alice, proposalMessage.Id));
        var invoke = await response.Content.ReadFromJsonAsync<JsonObject>();
        var calls = await _bot.WaitForAsync(c => c.Any(u => u.Operation == "update" && u.Json.Contains("Resolved", StringComparison.Ordinal)), "the head updated to Resolved");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, invoke!["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", invoke["type"]!.GetValue<string>());
        var card = invoke["value"]!.ToJsonString();
        Assert.Contains("create-peer-authentication", card);
        Assert.Contains("approved", card);
        Assert.DoesNotContain("ActionSet", card);
        Assert.Equal(IncidentState.Resolved, (await _bot.SingleIncidentAsync()).State);
        Assert.True(_bot.AppliedWrites > 0);
        Assert.Contains(_bot.Cluster.Writes, w => !w.DryRun && w.Changed && w.Kind.ToString().Contains("PeerAuthentication", StringComparison.Ordinal));
        var head = calls.Single(c => c.Operation == "create");
        var headUpdate = calls.Last(c => c.Operation == "update" && c.Json.Contains("Resolved", StringComparison.Ordinal));
        Assert.Equal(head.Id, headUpdate.ActivityId); // the root post of the thread
        Assert.Equal(TeamsBot.Channel + ";messageid=" + head.Id, headUpdate.Conversation);
        Assert.Contains(calls, c => c.Operation == "update" && c.ActivityId == proposalMessage.Id && !c.Json.Contains("ActionSet", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Operation == "reply" && c.Json.Contains("Verified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_NotAnApprover_CardShowsTheRefusalNothingApplied()
    {
        await _bot.PostAsync(Activities.Message(_framework, "<at>MeshBot</at> diagnose payments/api from monitoring/prometheus port 80"));
        var (incident, _, proposalMessage) = await ProposalPostedAsync();
        var proposal = Assert.Single(await _bot.Store.ProposalsAsync(incident.Id));
        var before = _framework.Calls.Count;

        var stranger = await _bot.PostAsync(Activities.Execute(_framework, $"approve:{incident.Id}:{proposal.Id}", TeamsBot.Mallory, proposalMessage.Id));
        var requester = await _bot.PostAsync(Activities.Execute(_framework, $"approve:{incident.Id}:{proposal.Id}", TeamsBot.Carol, proposalMessage.Id));
        var strangerCard = (await stranger.Content.ReadFromJsonAsync<JsonObject>())!;
        var requesterCard = (await requester.Content.ReadFromJsonAsync<JsonObject>())!;
        await Task.Delay(100);

        Assert.Equal(HttpStatusCode.OK, stranger.StatusCode);
        Assert.Equal(200, strangerCard["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", strangerCard["type"]!.GetValue<string>());
        // The card keeps Approve/Reject for those who may press them: Action.Execute (verb meshbot) with the action id as data, Action.Submit as fallback.
        var actions = strangerCard["value"]!["body"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "ActionSet")!["actions"]!.AsArray();
        Assert.Equal(["Approve", "Reject"], actions.Select(a => a!["title"]!.GetValue<string>()));
        Assert.Equal("Action.Execute", actions[0]!["type"]!.GetValue<string>());
        Assert.Equal("meshbot", actions[0]!["verb"]!.GetValue<string>());
        Assert.Equal($"approve:{incident.Id}:{proposal.Id}", actions[0]!["data"]!["action"]!.GetValue<string>());
        Assert.Equal("Action.Submit", actions[0]!["fallback"]!["type"]!.GetValue<string>());
        Assert.Equal($"approve:{incident.Id}:{proposal.Id}", actions[0]!["fallback"]!["data"]!["action"]!.GetValue<string>());
        Assert.Equal($"reject:{incident.Id}:{proposal.Id}", actions[1]!["data"]!["action"]!.GetValue<string>());
        Assert.Contains("Not applied", strangerCard["value"]!.ToJsonString());
        Assert.Contains("approver", strangerCard["value"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Not applied", requesterCard["value"]!.ToJsonString());
        Assert.Equal(0, _bot.AppliedWrites);
        Assert.Empty(await _bot.Store.VotesAsync(incident.Id, proposal.Id));
        Assert.Equal(IncidentState.AwaitingApproval, (await _bot.SingleIncidentAsync()).State);
        Assert.Equal(before, _framework.Calls.Count);
    }

    [Fact]
    public async Task Submit_ApproverPressesOnAnOlderClient_RepliesAppliesAndResolves()
    {
        await _bot.PostAsync(Activities.Message(_framework, "<at>MeshBot</at> diagnose payments/api from monitoring/prometheus port 80"));
        var (incident, _, proposalMessage) = await ProposalPostedAsync();
        var proposal = Assert.Single(await _bot.Store.ProposalsAsync(incident.Id));

        var refused = Activities.Submit(_framework, $"approve:{incident.Id}:{proposal.Id}", TeamsBot.Mallory, proposalMessage.Id);
        var refusedResponse = await _bot.PostAsync(refused);
        var submit = Activities.Submit(_framework, $"approve:{incident.Id}:{proposal.Id}", TeamsBot.Bob, proposalMessage.Id);
        var response = await _bot.PostAsync(submit);
        var calls = await _bot.WaitForAsync(c => c.Any(u => u.Operation == "update" && u.Json.Contains("Resolved", StringComparison.Ordinal)), "the head updated to Resolved");

        Assert.Equal(HttpStatusCode.OK, refusedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var refusal = Assert.Single(calls, c => c.Operation == "reply" && c.ActivityId == refused["id"]!.GetValue<string>());
        Assert.StartsWith("Not applied:", refusal.Body["text"]!.GetValue<string>());
        Assert.Single(calls, c => c.Operation == "reply" && c.ActivityId == submit["id"]!.GetValue<string>());
        Assert.Equal(IncidentState.Resolved, (await _bot.SingleIncidentAsync()).State);
        Assert.True(_bot.AppliedWrites > 0);
    }

    [Fact]
    public async Task Execute_MalformedAction_AnswersTheInvokeErrorShape()
    {
        var invoke = Activities.Execute(_framework, "approve:x:y", TeamsBot.Alice);
        invoke["value"]!["action"]!["type"] = "Action.Submit";
        var empty = Activities.Execute(_framework, "approve:x:y", TeamsBot.Alice);
        empty["value"] = new JsonObject();

        var notSupported = await (await _bot.PostAsync(invoke)).Content.ReadFromJsonAsync<JsonObject>();
        var missing = await (await _bot.PostAsync(empty)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(400, notSupported!["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", notSupported["type"]!.GetValue<string>());
        Assert.Equal("NotSupported", notSupported["value"]!["code"]!.GetValue<string>());
        Assert.Equal("BadRequest", missing!["value"]!["code"]!.GetValue<string>());
        Assert.Equal(0, _bot.AppliedWrites);
    }

    [Fact]
    public async Task Invoke_OtherName_NotImplemented()
    {
        var invoke = Activities.Execute(_framework, "approve:x:y", TeamsBot.Alice);
        invoke["name"] = "composeExtension/fetchTask";

        var response = await _bot.PostAsync(invoke);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task Message_UnknownCommand_RepliesWithUsageAndStartsNothing()
    {
        var message = Activities.Message(_framework, "<at>MeshBot</at> frobnicate everything");

        var response = await _bot.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_framework.Calls);
        Assert.Equal("reply", reply.Operation);
        Assert.Contains("unknown command `frobnicate`", reply.Body["text"]!.GetValue<string>());
        Assert.Contains("Usage:", reply.Body["text"]!.GetValue<string>());
        Assert.Empty(await _bot.Store.ListAsync());
    }

    /// <summary>
    /// Waits for the proposal card as it stands once the incident awaits approval (posted while Diagnosed, then updated
    /// with its buttons); returns the incident, that card, and the call that first posted it (whose Id is the message's).
    /// </summary>
    private async Task<(Incident Incident, JsonNode Card, ConnectorCall Message)> ProposalPostedAsync()
    {
        var calls = await _bot.WaitForAsync(c => c.FirstOrDefault(IsProposal) is { } posted
            && c.Any(u => u.Operation == "update" && u.ActivityId == posted.Id && u.Json.Contains("ActionSet", StringComparison.Ordinal)),
            "the proposal card with its buttons");
        var incident = await _bot.SingleIncidentAsync();
        var message = calls.First(IsProposal);
        return (incident, calls.Last(u => u.Operation == "update" && u.ActivityId == message.Id).Card!, message);
    }

    private static bool IsProposal(ConnectorCall call) =>
        call.Operation == "reply" && call.Activity["summary"]?.GetValue<string>() is { } summary && summary.StartsWith("create-peer-authentication", StringComparison.Ordinal);
}
