using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Api;
using MeshBot.Cluster.Sources;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Json;

namespace MeshBot.KubernetesEmulator.Patching;

/// <summary>
/// Chooses the patch algorithm from the request's Content-Type; custom resources refuse strategic merge patch (415).
/// Server-side apply (<c>application/apply-patch+yaml</c>) is approximated: the applied configuration is merged into the
/// object (strategic merge for built-ins, merge patch for CRDs) without field ownership, managedFields or conflicts.
/// </summary>
internal static class Patcher
{
    public const string JsonPatchType = "application/json-patch+json";
    public const string MergePatchType = "application/merge-patch+json";
    public const string StrategicMergePatchType = "application/strategic-merge-patch+json";
    public const string ApplyPatchType = "application/apply-patch+yaml";

    // In the order the API server lists them in its 415 message.
    private static readonly string[] BuiltInTypes = [JsonPatchType, MergePatchType, StrategicMergePatchType, ApplyPatchType];
    private static readonly string[] CustomTypes = [JsonPatchType, MergePatchType, ApplyPatchType];

    public static bool IsApply(string? contentType) => MediaType(contentType) == ApplyPatchType;

    /// <summary>The configuration a server-side apply request carries (YAML or JSON, one object with its kind).</summary>
    public static JsonObject Applied(ReadOnlySpan<byte> body)
    {
        var objects = SnapshotReader.ReadText(Encoding.UTF8.GetString(body));
        return objects.Count == 1
            ? JsonNodes.ParseObject(Encoding.UTF8.GetBytes(objects[0].Raw.GetRawText()))
            : throw StatusErrors.BadRequest("error decoding YAML: the applied configuration must be exactly one object with apiVersion and kind");
    }

    public static JsonObject Apply(ResourceType type, string? contentType, JsonObject current, ReadOnlySpan<byte> body)
    {
        var mediaType = MediaType(contentType);
        var accepted = type.Custom ? CustomTypes : BuiltInTypes;
        if (!accepted.Contains(mediaType))
        {
            throw StatusErrors.UnsupportedMediaType(accepted);
        }

        if (mediaType == ApplyPatchType)
        {
            var applied = Applied(body);
            return type.Custom ? (JsonObject)JsonMergePatch.Apply(current, applied)! : StrategicMergePatch.Apply(current, applied);
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

    private static string MediaType(string? contentType) => (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
}
