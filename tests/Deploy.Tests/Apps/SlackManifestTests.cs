using MeshBot.Bot.Chat;
using MeshBot.Deploy.Tests.Support;

namespace MeshBot.Deploy.Tests.Apps;

/// <summary>deploy/slack/manifest.yaml: a Slack app manifest (YAML) for MeshBot's endpoints, with the least bot scopes.</summary>
public sealed class SlackManifestTests
{
    private static readonly System.Text.Json.Nodes.JsonObject Manifest = Yaml.Document(Repo.Read("deploy", "slack", "manifest.yaml"));

    [Fact]
    public void SlashCommand_Meshbot_PostsToTheCommandsEndpoint()
    {
        var command = Assert.Single(Manifest.Items("features", "slash_commands"));

        Assert.Equal("/meshbot", command.Str("command"));
        Assert.Equal("https://MESHBOT_HOST/slack/commands", command.Str("url"));
        Assert.False(command.Bool("should_escape"));
        Assert.NotNull(command.Str("description"));
    }

    [Fact]
    public void Interactivity_AndEvents_PostToTheirEndpoints()
    {
        Assert.True(Manifest.Bool("settings", "interactivity", "is_enabled"));
        Assert.Equal("https://MESHBOT_HOST/slack/interactions", Manifest.Str("settings", "interactivity", "request_url"));
        Assert.Equal("https://MESHBOT_HOST/slack/events", Manifest.Str("settings", "event_subscriptions", "request_url"));
        Assert.Equal(["app_mention"], Manifest.Strings("settings", "event_subscriptions", "bot_events"));
        Assert.False(Manifest.Bool("settings", "socket_mode_enabled"));
    }

    [Fact]
    public void BotScopes_AreExactlyWhatMeshBotUses()
    {
        Assert.Equal(["app_mentions:read", "chat:write", "commands"], Manifest.Strings("oauth_config", "scopes", "bot").Order());
        Assert.Null(Manifest.At("oauth_config", "scopes", "user"));
        Assert.Equal("MeshBot", Manifest.Str("features", "bot_user", "display_name"));
    }

    [Fact]
    public void DisplayInformation_FitsSlacksLimits()
    {
        Assert.InRange(Manifest.Str("display_information", "name")!.Length, 1, 35);
        Assert.InRange(Manifest.Str("display_information", "description")!.Length, 1, 140);
        Assert.InRange(Manifest.Str("display_information", "long_description")!.Length, 175, 4000);
        Assert.Matches("^#[0-9a-fA-F]{6}$", Manifest.Str("display_information", "background_color"));
    }

    [Fact]
    public void UsageHint_NamesOnlyCommandsMeshBotParses()
    {
        var hint = Manifest.Items("features", "slash_commands").Single().Str("usage_hint")!;

        var verbs = hint.Split('|').Select(part => part.Trim().Split(' ')[0]).ToList();

        Assert.Equal(["diagnose", "status", "approve", "reject", "escalate", "help"], verbs);
        Assert.All(verbs, v => Assert.False(ChatCommandParser.Parse(v) is ChatCommand.Help { Problem: { } p } && p.StartsWith("unknown command", StringComparison.Ordinal), v));
    }
}
