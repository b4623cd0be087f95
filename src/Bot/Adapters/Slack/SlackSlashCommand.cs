using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// A slash command as Slack sends it: form fields over HTTP, the same names as a JSON object in a Socket Mode
/// <c>slash_commands</c> envelope. Unknown fields are ignored; the legacy <c>token</c> field is not used (signing is).
/// </summary>
internal sealed record SlackSlashCommand(string Command, string Text, string UserId, string? UserName, string ChannelId, string? ResponseUrl)
{
    public static SlackSlashCommand? FromForm(IReadOnlyDictionary<string, StringValues> form)
    {
        string? Field(string name) => form.TryGetValue(name, out var value) && value.Count == 1 ? value[0] : null;
        return Create(Field("command"), Field("text"), Field("user_id"), Field("user_name"), Field("channel_id"), Field("response_url"));
    }

    public static SlackSlashCommand? FromJson(JsonElement payload) =>
        payload.ValueKind != JsonValueKind.Object ? null
            : Create(payload.Str("command"), payload.Str("text"), payload.Str("user_id"), payload.Str("user_name"), payload.Str("channel_id"), payload.Str("response_url"));

    private static SlackSlashCommand? Create(string? command, string? text, string? userId, string? userName, string? channelId, string? responseUrl) =>
        SlackIds.IsId(userId) && SlackIds.IsId(channelId) && (text ?? "").Length <= 4000
            ? new SlackSlashCommand(command ?? "", text ?? "", userId!, userName, channelId!, responseUrl)
            : null;
}

/// <summary>Slack identifiers (users, channels, teams) and timestamps as they appear in payloads.</summary>
internal static class SlackIds
{
    /// <summary>Ids such as <c>U2CERLKJA</c>, <c>C111</c>, <c>G8PSS9T3V</c>: short, letters and digits.</summary>
    public static bool IsId(string? value) => value is { Length: > 0 and <= 64 } && value.All(char.IsAsciiLetterOrDigit);

    /// <summary>Message timestamps such as <c>1548261231.000200</c>.</summary>
    public static bool IsTs(string? value) => value is { Length: > 0 and <= 32 } && value.All(c => char.IsAsciiDigit(c) || c == '.');

    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static JsonElement? Obj(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;
}
