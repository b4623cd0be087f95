using System.Text.Json;

namespace MeshBot.Bot.Chat;

/// <summary>
/// An incident's threads, one per platform it is discussed on, persisted in <see cref="Incidents.Incident.Thread"/>: where
/// to start it (conversation), its head message once posted, and the message of each proposal (whose buttons get
/// replaced by the result).
/// </summary>
public sealed record ThreadState(string Platform, string Conversation, string? ServiceUrl = null)
{
    public ChatMessageRef? Head { get; set; }

    public Dictionary<string, ChatMessageRef> Proposals { get; init; } = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static List<ThreadState> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<ThreadState>>(json, Json) ?? [];

    public static string Write(IEnumerable<ThreadState> threads) => JsonSerializer.Serialize(threads, Json);
}
