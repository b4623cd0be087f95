using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Incidents;
using Microsoft.Extensions.DependencyInjection;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>
/// The whole loop over real HTTP: a signed slash command in a channel, the triage thread in that channel on the fake
/// Slack (head, a reply per runbook branch, the proposal with Approve/Reject buttons), a refused press by a
/// non-approver shown only to them, an approver's press that fixes the demo cluster and turns the head to Resolved.
/// </summary>
public sealed class SlackEndToEndTests
{
    [Fact]
    public async Task SlashCommand_Thread_RefusedPress_ApprovedPress_Resolved()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);

        // The command: acknowledged at once, ephemerally, the diagnosis following in the background.
        var stopwatch = Stopwatch.StartNew();
        using var ack = await host.CommandAsync("diagnose payments/api from monitoring/prometheus port 80", user: "UCAROL");
        stopwatch.Stop();
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("application/json; charset=utf-8", ack.Content.Headers.ContentType?.ToString());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"ack took {stopwatch.Elapsed}");
        var ackBody = JsonDocument.Parse(await ack.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ephemeral", ackBody.GetProperty("response_type").GetString());
        Assert.Contains("diagnosing payments/api from monitoring/prometheus port 80", ackBody.GetProperty("text").GetString());

        // The thread: a head in the channel, the branches and the proposal as replies under it.
        var calls = await slack.WaitForAsync(c => c.Any(IsProposal), "the proposal in the thread");
        var posts = calls.Where(c => c.Method == "chat.postMessage").ToArray();
        var head = posts[0];
        Assert.Equal(SlackTestHost.Channel, head.Str("channel"));
        Assert.Null(head.Str("thread_ts"));
        Assert.Equal("Bearer " + FakeSlack.BotToken, head.Authorization);
        Assert.Equal("application/json; charset=utf-8", head.ContentType);
        var headTs = head.Ts!;
        Assert.Equal("header", head.Blocks.First().GetProperty("type").GetString());
        Assert.All(posts[1..], p => Assert.Equal(headTs, p.Str("thread_ts")));
        Assert.True(posts.Length >= 7, $"head, five branches and a proposal; got {posts.Length}");
        Assert.Equal(5, posts.Count(p => p.Str("text") is { } t && new[] { "sidecar-missing:", "cross-namespace:", "platform-namespace:", "ca-rotation:", "injection-webhook:" }.Any(b => t.StartsWith(b, StringComparison.Ordinal))));
        var proposalMessage = posts.Single(IsProposal);
        var proposalTs = proposalMessage.Ts!;

        var incident = Assert.Single(await host.Store.ListAsync());
        incident = await host.WaitForStateAsync(incident.Id, IncidentState.AwaitingApproval);
        Assert.Equal("UCAROL", incident.Requester);
        Assert.Equal("platform-namespace", incident.Verdict);
        var proposal = Assert.Single(await host.Store.ProposalsAsync(incident.Id));
        Assert.Contains(proposal.Proposal.Id, proposalMessage.AllText);
        var incidentId = incident.Id;
        var approve = $"approve:{incidentId}:{proposal.Proposal.Id}"; // the buttons' action_id contract

        // A non-approver presses Approve: 200 at once, the refusal shown to them only, nothing applied.
        using var refused = await host.PressAsync(approve, "UMALLORY", slack.ResponseUrl("mallory"), messageTs: proposalTs);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("", await refused.Content.ReadAsStringAsync());
        var refusal = (await slack.WaitForAsync(c => c.Any(x => x.Method == "response_url:mallory"), "the refusal")).Single(x => x.Method == "response_url:mallory");
        Assert.Equal("ephemeral", refusal.Str("response_type"));
        Assert.False(refusal.Body.GetProperty("replace_original").GetBoolean());
        Assert.Contains("UMALLORY is not an approver", refusal.Str("text"));
        Assert.Equal(0, host.AppliedWrites);
        Assert.Equal(IncidentState.AwaitingApproval, (await host.Store.GetAsync(incidentId))!.State);

        // An approver presses Approve: the fix is applied, verified, and the head says Resolved.
        using var approved = await host.PressAsync(approve, "UALICE", slack.ResponseUrl("alice"), messageTs: proposalTs);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var answer = (await slack.WaitForAsync(c => c.Any(x => x.Method == "response_url:alice"), "the approval answer")).Single(x => x.Method == "response_url:alice");
        Assert.Contains("approved by UALICE", answer.Str("text"));
        await host.WaitForStateAsync(incidentId, IncidentState.Resolved);
        Assert.True(host.AppliedWrites > 0);
        Assert.Contains(host.Cluster.Writes, w => !w.DryRun && w.Changed && w.ToString()!.Contains("PeerAuthentication", StringComparison.Ordinal));
        await slack.WaitForAsync(_ => slack.Message(SlackTestHost.Channel, headTs)?.GetProperty("text").GetString()?.Contains("Resolved", StringComparison.Ordinal) == true, "the head updated to Resolved");
        var updates = slack.CallsOf("chat.update");
        Assert.Contains(updates, u => u.Str("ts") == headTs && u.AllText.Contains("Resolved", StringComparison.Ordinal));
        // The proposal's buttons were replaced by its result.
        await slack.WaitForAsync(_ => slack.Message(SlackTestHost.Channel, proposalTs) is { } m && !m.ToString().Contains("approve:", StringComparison.Ordinal), "the proposal without buttons");
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(FakeSlack.BotToken, StringComparison.Ordinal) || l.Contains(SlackTestHost.SigningSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishedSigningExample_IsAcceptedAsASlashCommand()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);
        host.Clock.Now = DateTimeOffset.FromUnixTimeSeconds(1531420618);
        var body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"u8.ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        request.Headers.Add("x-slack-request-timestamp", "1531420618");
        request.Headers.Add("x-slack-signature", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ephemeral", reply.GetProperty("response_type").GetString());
        Assert.Contains("Usage: diagnose", reply.GetProperty("text").GetString());
    }

    [Fact]
    public async Task SlashCommand_Answers_StatusApproveOfUnknownAndHelpProblems_Ephemerally()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);

        var status = await ReplyTextAsync(await host.CommandAsync("status"));
        var unknown = await ReplyTextAsync(await host.CommandAsync("approve inc-0000beef"));
        var bad = await ReplyTextAsync(await host.CommandAsync("diagnose <@U999> & more"));

        Assert.Equal("No open incidents.", status);
        Assert.StartsWith("⛔ inc-0000beef ", unknown);
        Assert.StartsWith("⛔ ", bad);
        Assert.DoesNotContain("<", bad);
        Assert.Empty(await host.Store.ListAsync());
    }

    [Fact]
    public async Task ProposalMessage_InTheThread_CarriesApproveAndRejectButtons()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);

        using var ack = await host.CommandAsync("diagnose payments/api from monitoring/prometheus port 80");

        var calls = await slack.WaitForAsync(c => c.Any(x => x.Method is "chat.postMessage" or "chat.update" && x.ActionIds.Any()), "a proposal with buttons");
        var incident = Assert.Single(await host.Store.ListAsync());
        var proposal = Assert.Single(await host.Store.ProposalsAsync(incident.Id));
        var buttons = calls.First(x => x.ActionIds.Any()).Blocks.Single(b => b.GetProperty("type").GetString() == "actions").GetProperty("elements").EnumerateArray().ToArray();
        Assert.Equal([$"approve:{incident.Id}:{proposal.Proposal.Id}", $"reject:{incident.Id}:{proposal.Proposal.Id}"], buttons.Select(b => b.GetProperty("action_id").GetString()));
        Assert.Equal(["primary", "danger"], buttons.Select(b => b.GetProperty("style").GetString()));
    }

    [Fact]
    public async Task ProposalOfAnIncidentAwaitingApproval_IsPostedWithApproveAndRejectButtons()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);
        using var ack = await host.CommandAsync("diagnose payments/api from monitoring/prometheus port 80");
        await slack.WaitForAsync(c => c.Any(IsProposal), "the proposal in the thread");
        var incident = await host.WaitForStateAsync(Assert.Single(await host.Store.ListAsync()).Id, IncidentState.AwaitingApproval);
        var proposal = Assert.Single(await host.Store.ProposalsAsync(incident.Id));
        var platform = host.Services.GetServices<IChatPlatform>().Single(p => p.Name == "slack");

        var head = await platform.StartThreadAsync(SlackTestHost.Channel, ThreadRenderer.Head(incident), CancellationToken.None);
        var posted = await platform.ReplyAsync(head, ThreadRenderer.Proposal(incident, proposal, "awaiting approval", []), CancellationToken.None);

        var message = slack.CallsOf("chat.postMessage").Single(c => c.Ts == posted.MessageId);
        var buttons = message.Blocks.Single(b => b.GetProperty("type").GetString() == "actions").GetProperty("elements").EnumerateArray().ToArray();
        Assert.Equal([$"approve:{incident.Id}:{proposal.Proposal.Id}", $"reject:{incident.Id}:{proposal.Proposal.Id}"], buttons.Select(b => b.GetProperty("action_id").GetString()));
        Assert.Equal(buttons.Select(b => b.GetProperty("action_id").GetString()), buttons.Select(b => b.GetProperty("value").GetString()));
        Assert.Equal(["primary", "danger"], buttons.Select(b => b.GetProperty("style").GetString()));
        Assert.Equal(["Approve", "Reject"], buttons.Select(b => b.GetProperty("text").GetProperty("text").GetString()));
        Assert.Contains(message.Blocks, b => b.TryGetProperty("text", out var text) && text.GetProperty("text").GetString()!.StartsWith("```\nkubectl", StringComparison.Ordinal));
    }

    private static bool IsProposal(SlackCall call) => call.Method == "chat.postMessage" && call.Str("text") is { } text && text.StartsWith("create-peer-authentication ", StringComparison.Ordinal);

    private static async Task<string> ReplyTextAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("text").GetString()!;
        }
    }
}
