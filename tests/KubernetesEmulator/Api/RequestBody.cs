using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Cluster.Sources;
using MeshBot.KubernetesEmulator.Json;
using Microsoft.AspNetCore.Http;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>Reads request bodies: raw bytes for patches, one object (JSON, or YAML as kubectl may send) for create and update.</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        var bytes = await ReadBytesAsync(request).ConfigureAwait(false);
        var mediaType = (request.ContentType ?? "application/json").Split(';')[0].Trim();
        try
        {
            if (mediaType is "application/yaml" or "application/x-yaml" or "text/yaml")
            {
                var objects = SnapshotReader.ReadText(Encoding.UTF8.GetString(bytes));
                return objects.Count == 1
                    ? JsonNodes.ParseObject(Encoding.UTF8.GetBytes(objects[0].Raw.GetRawText()))
                    : throw StatusErrors.BadRequest("the request body must hold exactly one object with a kind");
            }
            if (mediaType == ProtobufBodies.MediaType)
            {
                return ProtobufBodies.Decode(bytes);
            }
            if (mediaType is not ("application/json" or "*/*"))
            {
                throw StatusErrors.UnsupportedMediaType(["application/json", "application/yaml"]);
            }
            return JsonNodes.ParseObject(bytes);
        }
        catch (JsonException e)
        {
            throw StatusErrors.BadRequest($"the object provided is unrecognized: {e.Message}");
        }
    }

    /// <summary>
    /// Whether the request is a dry run: <c>?dryRun=All</c>, or for deletes <c>"dryRun":["All"]</c> in the DeleteOptions
    /// body, which is where kubectl puts it. Any other value is rejected like the real server's options validation.
    /// </summary>
    public static bool IsDryRun(HttpRequest request, string optionsKind, JsonObject? deleteOptions = null)
    {
        var values = request.Query["dryRun"].Select(v => v ?? "").ToList();
        if (deleteOptions?["dryRun"] is JsonArray fromBody)
        {
            values.AddRange(fromBody.Select(v => JsonNodes.Scalar(v) ?? ""));
        }
        foreach (var value in values.Where(v => v != "All"))
        {
            throw new ApiException(422, "Invalid",
                $"{optionsKind}.meta.k8s.io \"\" is invalid: dryRun[0]: Unsupported value: \"{value}\": supported values: \"All\"");
        }
        return values.Count > 0;
    }
}
