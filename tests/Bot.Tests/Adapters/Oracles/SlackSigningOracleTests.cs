using System.Text;
using System.Text.Json.Nodes;
using MeshBot.Bot.Tests.Adapters.Slack;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>
/// MeshBot's Slack request verification held against Bolt's (<c>@slack/bolt</c> 5.1.0, HTTPReceiver's
/// <c>parseAndVerifyHTTPRequest</c> → <c>verifySlackRequest</c>): the same raw requests, byte for byte, to
/// <c>meshbot serve</c>'s Slack endpoints on Kestrel and to Bolt on a Node HTTP server, both clocks at the same second.
/// </summary>
public sealed class SlackSigningOracleTests
{
    [Fact]
    public async Task Verify_GeneratedCorpus_MeshBotAcceptsExactlyWhatBoltAccepts()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);
        var now = host.Clock.Now.ToUnixTimeSeconds();
        host.Clock.Now = DateTimeOffset.FromUnixTimeSeconds(now);
        var cases = SlackSigningCorpus.Generate(now, slack.ResponseUrl("oracle").ToString());

        var settings = new JsonObject { ["secret"] = SlackSigningCorpus.Secret, ["nowSeconds"] = now }.ToJsonString();
        var bolt = await NodeOracle.RunAsync("slack-signing.js",
            [settings, .. cases.Select(c => new JsonObject { ["id"] = c.Id, ["request"] = Convert.ToBase64String(c.Request) }.ToJsonString())]);
        var rows = new List<Row>();
        foreach (var (c, oracle) in cases.Zip(bolt))
        {
            Assert.Equal(c.Id, oracle.GetProperty("id").GetString());
            var (status, body) = await RawHttp.SendAsync(host.Client.BaseAddress!.Port, c.Request);
            rows.Add(new Row(c.Id, c.Kind, oracle.GetProperty("accepted").GetBoolean(), Authenticated(status, body), $"{status} {(body.Trim().Length > 60 ? body.Trim()[..60] + "…" : body.Trim())}", oracle.GetProperty("reason").GetString()!));
        }

        Assert.True(cases.Count >= 200, $"{cases.Count} cases");
        Assert.Equal(cases.Count, bolt.Count);
        var wrong = rows.Where(r => SlackSigningCorpus.Stricter.Contains(r.Kind) ? !(r.Bolt && !r.MeshBot) : r.Bolt != r.MeshBot).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {rows.Count} cases disagree (stricter by design: {string.Join(", ", SlackSigningCorpus.Stricter)}):\n{Table(wrong)}\nall cases:\n{Table(rows)}");
        Assert.All(["commands", "interactions", "events"], e => Assert.True(rows.Single(r => r.Id == $"{e}/valid").MeshBot, Table(rows)));
    }

    /// <summary>MeshBot let the request past its signature check: anything but a 401, or the refusal of a body that is not UTF-8 (checked right after the MAC).</summary>
    private static bool Authenticated(int status, string body) => status != 401 && !body.StartsWith("refused: invalid-utf8", StringComparison.Ordinal);

    private static string Table(IEnumerable<Row> rows)
    {
        var table = new StringBuilder("case | Bolt | MeshBot | MeshBot answered | Bolt said\n");
        foreach (var r in rows)
        {
            table.AppendLine($"{r.Id} | {Word(r.Bolt)} | {Word(r.MeshBot)} | {r.Answer} | {r.Reason}");
        }
        return table.ToString();
    }

    private static string Word(bool accepted) => accepted ? "accept" : "refuse";

    private sealed record Row(string Id, string Kind, bool Bolt, bool MeshBot, string Answer, string Reason);
}
