using System.Text.Json.Nodes;

namespace MeshBot.Bot.Tests.Adapters.Teams;

/// <summary>Inbound activities shaped as Teams sends them (msteams-docs examples: channel message with a mention, card invoke).</summary>
internal static class Activities
{
    public static JsonObject Message(FakeBotFramework framework, string text, string user = TeamsBot.Carol, string conversation = TeamsBot.Channel + ";messageid=1700000000001") =>
        Base(framework, "message", user, conversation, new JsonObject
        {
            ["text"] = text,
            ["textFormat"] = "plain",
            ["entities"] = new JsonArray(
                new JsonObject { ["type"] = "mention", ["mentioned"] = new JsonObject { ["id"] = TeamsBot.BotId, ["name"] = "MeshBot" }, ["text"] = "<at>MeshBot</at>" },
                new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["country"] = "US", ["platform"] = "Web" }),
        });

    /// <summary>An Action.Execute press: <c>invoke</c> named <c>adaptiveCard/action</c>.</summary>
    public static JsonObject Execute(FakeBotFramework framework, string actionId, string user, string replyToId = "1001") =>
        Base(framework, "invoke", user, TeamsBot.Channel + ";messageid=1001", new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["replyToId"] = replyToId,
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["id"] = "approve", ["verb"] = "meshbot", ["data"] = new JsonObject { ["action"] = actionId } },
                ["trigger"] = "manual",
            },
        });

    /// <summary>An Action.Submit press: a message with empty text and the action's data as <c>value</c>.</summary>
    public static JsonObject Submit(FakeBotFramework framework, string actionId, string user, string replyToId = "1001") =>
        Base(framework, "message", user, TeamsBot.Channel + ";messageid=1001", new JsonObject
        {
            ["replyToId"] = replyToId,
            ["value"] = new JsonObject { ["action"] = actionId },
        });

    public static JsonObject ConversationUpdate(FakeBotFramework framework) =>
        Base(framework, "conversationUpdate", TeamsBot.Carol, TeamsBot.Channel, new JsonObject
        {
            ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = TeamsBot.BotId }),
        });

    private static JsonObject Base(FakeBotFramework framework, string type, string user, string conversation, JsonObject extra)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = "f:" + Guid.NewGuid().ToString("N")[..12],
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = framework.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:1" + user[^8..], ["name"] = NameOf(user), ["aadObjectId"] = user },
            ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47", ["id"] = conversation },
            ["recipient"] = new JsonObject { ["id"] = TeamsBot.BotId, ["name"] = "MeshBot" },
            ["channelData"] = new JsonObject
            {
                ["channel"] = new JsonObject { ["id"] = TeamsBot.Channel },
                ["team"] = new JsonObject { ["id"] = TeamsBot.Channel },
                ["tenant"] = new JsonObject { ["id"] = "72f988bf-86f1-41af-91ab-2d7cd011db47" },
            },
        };
        foreach (var (key, value) in extra.ToArray())
        {
            extra.Remove(key);
            activity[key] = value;
        }
        return activity;
    }

    private static string NameOf(string user) => user switch
    {
        TeamsBot.Alice => "Alice",
        TeamsBot.Bob => "Bob",
        TeamsBot.Carol => "Carol",
        _ => "Mallory",
    };
}
