using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Api;
using MeshBot.KubernetesEmulator.Discovery;

namespace MeshBot.KubernetesEmulator.Patching;

/// <summary>Chooses the patch algorithm from the request's Content-Type; custom resources refuse strategic merge patch (415).</summary>
internal static class Patcher
{
    public const string JsonPatchType = "application/json-patch+json";
    public const string MergePatchType = "application/merge-patch+json";
    public const string StrategicMergePatchType = "application/strategic-merge-patch+json";

    private static readonly string[] BuiltInTypes = [JsonPatchType, MergePatchType, StrategicMergePatchType];
    private static readonly string[] CustomTypes = [JsonPatchType, MergePatchType];

    public static JsonObject Apply(ResourceType type, string? contentType, JsonObject current, ReadOnlySpan<byte> body)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var accepted = type.Custom ? CustomTypes : BuiltInTypes;
        if (!accepted.Contains(mediaType))
        {
            throw StatusErrors.UnsupportedMediaType(accepted);
        }

        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw StatusErrors.BadRequest($"error decoding patch: {e.Message}");
        }

        return mediaType switch
        {
            JsonPatchType => JsonPatch.Apply(current, patch),
            MergePatchType => JsonMergePatch.Apply(current, patch) as JsonObject ?? throw StatusErrors.BadRequest("merge patch must be a JSON object"),
            _ => StrategicMergePatch.Apply(current, patch),
        };
    }
}
