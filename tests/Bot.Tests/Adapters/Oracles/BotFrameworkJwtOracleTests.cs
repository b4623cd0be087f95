using System.Text;
using System.Text.Json.Nodes;
using MeshBot.Bot.Tests.Adapters.Teams;
using MeshBot.Bot.Tests.Incidents;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>
/// MeshBot's Bot Framework token validation held against the connector's own (<c>botframework-connector</c> 4.23.3,
/// <c>JwtTokenValidation.authenticateRequest</c>): both read the same OpenID metadata and JWK set (with endorsements per
/// key) over TLS from the fake Bot Framework, at the same clock second; every token is posted to <c>/api/messages</c>.
/// </summary>
public sealed class BotFrameworkJwtOracleTests
{
    [Fact]
    public async Task Authenticate_TokenCorpus_MeshBotDecidesAsTheConnectorDoes()
    {
        await using var framework = await FakeBotFramework.StartAsync();
        framework.PublishedKeys = [.. BotFrameworkTokenCorpus.Keys.Select(k => k.Kid)];
        foreach (var (kid, endorsements) in BotFrameworkTokenCorpus.Keys)
        {
            framework.KeyEndorsements[kid] = endorsements;
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await using var bot = await TeamsBot.StartAsync(framework, time: new ManualClock(DateTimeOffset.FromUnixTimeSeconds(now)));
        var cases = BotFrameworkTokenCorpus.Generate(framework, now);
        var certificate = Path.Combine(Path.GetTempPath(), $"meshbot-fake-bot-framework-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(certificate, framework.Certificate.ExportCertificatePem());

        var settings = new JsonObject
        {
            ["appId"] = FakeBotFramework.AppId,
            ["appPassword"] = FakeBotFramework.AppPassword,
            ["openIdMetadataUrl"] = framework.OpenIdMetadataUrl.ToString(),
            ["nowSeconds"] = now,
        };
        IReadOnlyList<System.Text.Json.JsonElement> connector;
        try
        {
            connector = await NodeOracle.RunAsync("botframework-jwt.js",
                [settings.ToJsonString(), .. cases.Select(c => new JsonObject { ["id"] = c.Id, ["authorization"] = c.Authorization, ["activity"] = c.Activity.DeepClone() }.ToJsonString())],
                new Dictionary<string, string> { ["NODE_EXTRA_CA_CERTS"] = certificate });
        }
        finally
        {
            File.Delete(certificate);
        }
        var rows = new List<Row>();
        foreach (var (c, oracle) in cases.Zip(connector))
        {
            Assert.Equal(c.Id, oracle.GetProperty("id").GetString());
            using var response = await bot.PostAsync(c.Activity.ToJsonString(), c.Authorization);
            rows.Add(new Row(c.Id, oracle.GetProperty("accepted").GetBoolean(), (int)response.StatusCode == 200, (int)response.StatusCode, oracle.GetProperty("reason").GetString()!));
        }

        Assert.Equal(cases.Count, connector.Count);
        var wrong = rows.Where(r => BotFrameworkTokenCorpus.Stricter.Contains(r.Id) ? !(r.Connector && !r.MeshBot) : r.Connector != r.MeshBot).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {rows.Count} tokens decided differently (stricter by design: {string.Join(", ", BotFrameworkTokenCorpus.Stricter)}):\n{Table(wrong)}\nall tokens:\n{Table(rows)}");
        Assert.True(rows.Single(r => r.Id == "valid").MeshBot, Table(rows));
    }

    private static string Table(IEnumerable<Row> rows)
    {
        var table = new StringBuilder("token | connector | MeshBot | MeshBot's status | connector said\n");
        foreach (var r in rows)
        {
            table.AppendLine($"{r.Id} | {(r.Connector ? "accept" : "refuse")} | {(r.MeshBot ? "accept" : "refuse")} | {r.Status} | {r.Reason}");
        }
        return table.ToString();
    }

    private sealed record Row(string Id, bool Connector, bool MeshBot, int Status, string Reason);
}
