using System.Text.Json;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// The parts of an inbound Bot Framework activity MeshBot reads (botframework-activity spec; Teams examples in
/// msteams-docs). Field names are camelCase; parsing ignores case (docs spell <c>serviceURL</c> too) and unknown fields.
/// </summary>
internal sealed record TeamsActivity
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { MaxDepth = 32 };

    public string? Type { get; init; }

    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Text { get; init; }

    public string? ServiceUrl { get; init; }

    public string? ChannelId { get; init; }

    public string? ReplyToId { get; init; }

    public ChannelAccount? From { get; init; }

    public ChannelAccount? Recipient { get; init; }

    public ConversationAccount? Conversation { get; init; }

    public IReadOnlyList<ActivityEntity>? Entities { get; init; }

    /// <summary>Action.Submit data (message) or the invoke payload (invoke).</summary>
    public JsonElement? Value { get; init; }

    public TeamsChannelData? ChannelData { get; init; }

    /// <summary>The activity, or null when the body is not an activity (not JSON, not an object, no <c>type</c>).</summary>
    public static TeamsActivity? TryParse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<TeamsActivity>(body, Json) is { Type.Length: > 0 } activity ? activity : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record ChannelAccount(string? Id, string? Name, string? AadObjectId = null, string? Role = null);

internal sealed record ConversationAccount(string? Id, string? ConversationType = null, string? TenantId = null, bool? IsGroup = null, string? Name = null);

internal sealed record ActivityEntity(string? Type, ChannelAccount? Mentioned = null, string? Text = null);

internal sealed record TeamsChannelData(TeamsChannelInfo? Channel = null, TeamsChannelInfo? Team = null, TeamsChannelInfo? Tenant = null);

internal sealed record TeamsChannelInfo(string? Id, string? Name = null);
