using System.Buffers.Binary;
using System.Text.Json.Nodes;
using MeshBot.Bot.Chat;
using MeshBot.Deploy.Tests.Support;

namespace MeshBot.Deploy.Tests.Apps;

/// <summary>
/// deploy/teams/manifest.json: a Teams app manifest (schema v1.17) whose bot is the Bot Framework registration
/// <c>${{BOT_ID}}</c>, in teams, personal and group chats, with MeshBot's commands; and the two icons the package needs.
/// </summary>
public sealed class TeamsManifestTests
{
    private static readonly JsonNode Manifest = JsonNode.Parse(Repo.Read("deploy", "teams", "manifest.json"))!;

    [Fact]
    public void Schema_IsVersion116OrLater_AndMatchesManifestVersion()
    {
        var version = Version.Parse(Manifest.Str("manifestVersion")!);

        Assert.True(version >= new Version(1, 16), $"manifestVersion {version}");
        Assert.Equal($"https://developer.microsoft.com/json-schemas/teams/v{version}/MicrosoftTeams.schema.json", Manifest.Str("$schema"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", Manifest.Str("version"));
        Assert.Equal("${{TEAMS_APP_ID}}", Manifest.Str("id"));
    }

    [Fact]
    public void RequiredFields_FitTheSchemaLimits()
    {
        foreach (var field in new[] { "name", "websiteUrl", "privacyUrl", "termsOfUseUrl" })
        {
            Assert.False(string.IsNullOrEmpty(Manifest.Str("developer", field)), $"developer.{field}");
        }
        Assert.InRange(Manifest.Str("name", "short")!.Length, 1, 30);
        Assert.InRange(Manifest.Str("name", "full")!.Length, 1, 100);
        Assert.InRange(Manifest.Str("description", "short")!.Length, 1, 80);
        Assert.InRange(Manifest.Str("description", "full")!.Length, 1, 4000);
        Assert.Matches("^#[0-9a-fA-F]{6}$", Manifest.Str("accentColor"));
    }

    [Fact]
    public void Bot_IsTheBotFrameworkRegistration_InEveryScope()
    {
        var bot = Assert.Single(Manifest.Items("bots"));

        Assert.Equal("${{BOT_ID}}", bot.Str("botId"));
        Assert.Equal(["groupChat", "personal", "team"], bot.Strings("scopes").Order());
        Assert.False(bot.Bool("isNotificationOnly"));
    }

    [Fact]
    public void Commands_AreMeshBotsVerbs_WithExamplesMeshBotParses()
    {
        var lists = Manifest.Items("bots").Single().Items("commandLists");
        Assert.InRange(lists.Count, 1, 3);
        Assert.Equal(["groupChat", "personal", "team"], lists.SelectMany(l => l.Strings("scopes")).Order());

        foreach (var list in lists)
        {
            var commands = list.Items("commands");
            Assert.InRange(commands.Count, 1, 10);
            Assert.Equal(["diagnose", "status", "approve", "reject", "escalate", "help"], commands.Select(c => c.Str("title")));
            foreach (var command in commands)
            {
                Assert.InRange(command.Str("title")!.Length, 1, 32);
                Assert.InRange(command.Str("description")!.Length, 1, 128);
                // The description starts with an example, which must be a command MeshBot understands.
                var example = command.Str("description")!.Split(" - ")[0].Replace("PROPOSAL", "approve-1a2b3c4d", StringComparison.Ordinal);
                var parsed = ChatCommandParser.Parse(example);
                Assert.True(command.Str("title") == "help" ? parsed is ChatCommand.Help { Problem: null } : parsed is not ChatCommand.Help, $"{example} parses as {parsed}");
            }
        }
    }

    [Fact]
    public void Icons_ArePngsOfTheSizesTeamsRequires()
    {
        Assert.Equal((192, 192), PngSize(Manifest.Str("icons", "color")!));
        Assert.Equal((32, 32), PngSize(Manifest.Str("icons", "outline")!));
    }

    private static (int Width, int Height) PngSize(string file)
    {
        var bytes = File.ReadAllBytes(Repo.DeployPath("teams", file));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
