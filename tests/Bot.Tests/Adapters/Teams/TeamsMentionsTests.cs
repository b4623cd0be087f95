using System.Text.Json;
using MeshBot.Bot.Adapters.Teams;

namespace MeshBot.Bot.Tests.Adapters.Teams;

public sealed class TeamsMentionsTests
{
    [Theory]
    [InlineData("<at>MeshBot</at> diagnose payments/api", "<at>MeshBot</at>", "diagnose payments/api")]
    [InlineData("<at>meshbot</at>&nbsp;status", "<at>MeshBot</at>", "status")]
    [InlineData("Hey <at>MeshBot</at> help", null, "Hey help")]
    [InlineData("<at>@MeshBot</at> diagnose payments", "<at>@MeshBot</at>", "diagnose payments")]
    [InlineData("diagnose  payments/api\nport 80 <at>Jane Smith</at>", "<at>MeshBot</at>", "diagnose payments/api port 80")]
    [InlineData("status", "<at>MeshBot</at>", "status")]
    public void CommandText_Mentions_Stripped(string text, string? entityText, string expected)
    {
        var activity = JsonSerializer.Deserialize<TeamsActivity>($$"""
            {
              "type": "message", "text": {{JsonSerializer.Serialize(text)}},
              "recipient": { "id": "28:bot", "name": "MeshBot" },
              "entities": [
                { "type": "mention", "mentioned": { "id": "28:bot", "name": "MeshBot" }{{(entityText is null ? "" : $", \"text\": {JsonSerializer.Serialize(entityText)}")}} },
                { "type": "mention", "mentioned": { "id": "29:jane", "name": "Jane Smith" }, "text": "<at>Jane Smith</at>" }
              ]
            }
            """, TeamsActivity.Json)!;

        Assert.Equal(expected, TeamsMentions.CommandText(activity));
    }
}
