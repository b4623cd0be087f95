using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Adapters.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>
/// Socket Mode against the fake Slack's WebSocket: every envelope acknowledged by its envelope_id, a slash command's
/// ack carrying its answer, the same handlers as HTTP, and a new connection after <c>disconnect</c> or a dropped socket.
/// </summary>
public sealed class SlackSocketModeTests
{
    [Fact]
    public async Task Envelopes_AreAcknowledged_AndRunTheSameHandlers_ThenReconnect()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack, socketMode: true);

        var first = await slack.NextSocketAsync();
        Assert.Equal("Bearer " + FakeSlack.AppToken, slack.CallsOf("apps.connections.open").Single().Authorization);
        await first.SendAsync("""{"type":"hello","num_connections":1,"debug_info":{"host":"applink-1"},"connection_info":{"app_id":"A111"}}""");

        // A slash command: the ack carries the ephemeral answer, and the diagnosis opens the thread in that channel.
        await first.SendAsync(Envelope("e-slash-1", "slash_commands", new JsonObject
        {
            ["token"] = "verification-token", ["team_id"] = "T111", ["team_domain"] = "xxx", ["channel_id"] = "CSOCKET", ["channel_name"] = "random",
            ["user_id"] = "UCAROL", ["user_name"] = "carol", ["command"] = "/meshbot", ["text"] = "diagnose payments/api from monitoring/prometheus port 80",
            ["api_app_id"] = "A111", ["response_url"] = slack.ResponseUrl("socket-slash").ToString(), ["trigger_id"] = "111.222.xxx",
        }, acceptsResponsePayload: true));
        var ack = await first.ReceiveAsync();
        Assert.Equal("e-slash-1", ack.GetProperty("envelope_id").GetString());
        Assert.Equal("ephemeral", ack.GetProperty("payload").GetProperty("response_type").GetString());
        Assert.Contains("diagnosing payments/api", ack.GetProperty("payload").GetProperty("text").GetString());
        var proposal = (await slack.WaitForAsync(c => c.Any(IsProposal), "the proposal in CSOCKET")).Single(IsProposal);
        var incident = await host.WaitForStateAsync(Assert.Single(await host.Store.ListAsync()).Id, MeshBot.Bot.Incidents.IncidentState.AwaitingApproval);
        var approve = $"approve:{incident.Id}:{Assert.Single(await host.Store.ProposalsAsync(incident.Id)).Proposal.Id}";

        // An interactive envelope: acknowledged at once; the press refused and shown to the presser.
        await first.SendAsync(Envelope("e-press-1", "interactive", JsonNode.Parse(SlackTestHost.BlockActions(approve, "UMALLORY", slack.ResponseUrl("socket-press").ToString(), "CSOCKET", proposal.Ts!))!));
        Assert.Equal("""{"envelope_id":"e-press-1"}""", (await first.ReceiveAsync()).GetRawText());
        var refusal = (await slack.WaitForAsync(c => c.Any(x => x.Method == "response_url:socket-press"), "the refusal")).Single(x => x.Method == "response_url:socket-press");
        Assert.Contains("UMALLORY is not an approver", refusal.Str("text"));

        // Slack refreshes the connection: a new URL, a new socket, envelopes acknowledged there.
        await first.SendAsync("""{"type":"disconnect","reason":"refresh_requested","debug_info":{"host":"applink-1"}}""");
        var second = await slack.NextSocketAsync();
        Assert.Equal(2, slack.CallsOf("apps.connections.open").Count);
        await second.SendAsync("""{"type":"hello","num_connections":1}""");
        slack.UserMessage("CSOCKET", "1610241741.000200");
        await second.SendAsync(Envelope("e-event-1", "events_api", JsonNode.Parse(
            """{"token":"verification-token","team_id":"T111","api_app_id":"A111","event":{"type":"app_mention","text":"<@UBOT> status","user":"UALICE","ts":"1610241741.000200","team":"T111","channel":"CSOCKET","event_ts":"1610241741.000200"},"type":"event_callback","event_id":"EvSOCKET1","event_time":1610241741}""")!, retryAttempt: 0));
        Assert.Equal("e-event-1", (await second.ReceiveAsync()).GetProperty("envelope_id").GetString());
        var status = (await slack.WaitForAsync(c => c.Any(x => x.Str("thread_ts") == "1610241741.000200"), "the mention's answer")).Single(x => x.Str("thread_ts") == "1610241741.000200");
        Assert.Contains("AwaitingApproval", status.Str("text"));

        // The socket drops without a word: reconnect after the backoff.
        await second.CloseAsync();
        var third = await slack.NextSocketAsync();
        await third.SendAsync("""{"type":"hello"}""");
        await third.SendAsync(Envelope("e-unknown-1", "something_new", new JsonObject()));
        Assert.Equal("e-unknown-1", (await third.ReceiveAsync()).GetProperty("envelope_id").GetString());
        Assert.Equal(3, host.Services.GetRequiredService<SlackSocketMode>().Connections);
    }

    [Fact]
    public async Task SlashCommand_WithoutResponsePayload_IsStillAcknowledged()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack, socketMode: true);
        var socket = await slack.NextSocketAsync();
        await socket.SendAsync("""{"type":"hello"}""");

        await socket.SendAsync(Envelope("e-1", "slash_commands", new JsonObject { ["channel_id"] = "C1", ["user_id"] = "U1", ["text"] = "help" }, acceptsResponsePayload: false));
        await socket.SendAsync("this is not JSON");
        await socket.SendAsync(Envelope("e-2", "slash_commands", new JsonObject { ["text"] = "no user, no channel" }, acceptsResponsePayload: true));

        var acks = new[] { await socket.ReceiveAsync(), await socket.ReceiveAsync() }.OrderBy(a => a.GetProperty("envelope_id").GetString()).ToArray();
        Assert.Equal("""{"envelope_id":"e-1"}""", acks[0].GetRawText());
        Assert.Equal("""{"envelope_id":"e-2"}""", acks[1].GetRawText());
        Assert.Empty(await host.Store.ListAsync());
    }

    [Fact]
    public async Task RefusedConnectionsOpen_IsRetriedWithBackoff()
    {
        await using var slack = await FakeSlack.StartAsync();
        slack.Script("apps.connections.open", FakeReply.Fail("invalid_auth"), FakeReply.RateLimited(0));
        await using var host = await SlackTestHost.StartAsync(slack, socketMode: true);

        var socket = await slack.NextSocketAsync();

        var opens = slack.CallsOf("apps.connections.open");
        Assert.True(opens.Count >= 3, $"{opens.Count} calls");
        Assert.True(opens[1].At - opens[0].At >= TimeSpan.FromMilliseconds(45), $"{opens[1].At - opens[0].At}");
        Assert.NotNull(socket);
    }

    private static bool IsProposal(SlackCall call) =>
        call.Method == "chat.postMessage" && call.Str("channel") == "CSOCKET" && call.Str("text") is { } text && text.StartsWith("create-peer-authentication ", StringComparison.Ordinal);

    private static JsonObject Envelope(string id, string type, JsonNode payload, bool acceptsResponsePayload = false, int? retryAttempt = null)
    {
        var envelope = new JsonObject { ["envelope_id"] = id, ["payload"] = payload, ["type"] = type, ["accepts_response_payload"] = acceptsResponsePayload };
        if (retryAttempt is { } n)
        {
            envelope["retry_attempt"] = n;
            envelope["retry_reason"] = "";
        }
        return envelope;
    }
}
