using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Cluster;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Demo.Cluster.Patching;

/// <summary>Applies a patch of the given type to a copy of an object; custom resources refuse strategic merge patch (415).</summary>
internal static class Patcher
{
    public static JsonObject Apply(ResourceKind kind, JsonObject current, PatchType type, string patch)
    {
        if (type == PatchType.StrategicMerge && IsCustomResource(kind))
        {
            throw ApiErrors.UnsupportedMediaType();
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(patch);
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"error decoding patch: {e.Message}");
        }

        return type switch
        {
            PatchType.Json => JsonPatch.Apply(current, body),
            PatchType.Merge => JsonMergePatch.Apply(current, body) as JsonObject ?? throw ApiErrors.BadRequest("merge patch must be a JSON object"),
            _ => StrategicMergePatch.Apply(current, body),
        };
    }

    /// <summary>CRD-served kinds (Istio, Flux): the API server has no Go struct, hence no merge keys, for them.</summary>
    public static bool IsCustomResource(ResourceKind kind) =>
        kind.Group.EndsWith("istio.io", StringComparison.Ordinal) || kind.Group.EndsWith("fluxcd.io", StringComparison.Ordinal);
}
