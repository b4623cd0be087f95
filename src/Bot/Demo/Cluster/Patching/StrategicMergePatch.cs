using System.Text.Json.Nodes;

namespace MeshBot.Bot.Demo.Cluster.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds: a merge patch (maps merge, null deletes) except that the lists the
/// Kubernetes API types tag with a patch merge key merge element by element — containers, initContainers, env and
/// volumes by name, container ports by containerPort, Service ports by port, conditions by type — and every other list
/// is replaced. <c>$patch: delete</c> on a list element removes it; other <c>$</c> directives are ignored.
/// </summary>
internal static class StrategicMergePatch
{
    public static JsonObject Apply(JsonObject original, JsonNode? patch) =>
        patch is JsonObject patchObject
            ? MergeMap(original, patchObject, "")
            : throw ApiErrors.BadRequest("unable to unmarshal patch: the patch must be a JSON object");

    private static JsonObject MergeMap(JsonObject? original, JsonObject patch, string path)
    {
        var result = original is null ? [] : original.Clone();
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            var childPath = path + "/" + key;
            result[key] = value switch
            {
                JsonObject map => MergeMap(result[key] as JsonObject, map, childPath),
                JsonArray list => MergeList(result[key] as JsonArray, list, childPath),
                _ => value.DeepClone(),
            };
        }
        return result;
    }

    private static JsonArray MergeList(JsonArray? original, JsonArray patch, string path)
    {
        if (MergeKey(path) is not { } mergeKey || original is null)
        {
            return new JsonArray(patch.Where(e => e is not JsonObject o || o.Str("$patch") is null)
                .Select(e => e is JsonObject o ? MergeMap(null, o, path + "[]") : e?.DeepClone()).ToArray());
        }

        var result = original.Select(e => e?.DeepClone()).ToList();
        foreach (var element in patch.OfType<JsonObject>())
        {
            var key = element.Str(mergeKey);
            var index = result.FindIndex(e => key is not null && e.Str(mergeKey) == key);
            if (element.Str("$patch") == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                result[index] = MergeMap(result[index] as JsonObject, element, path + "[]");
            }
            else
            {
                result.Add(MergeMap(null, element, path + "[]"));
            }
        }
        return new JsonArray(result.ToArray());
    }

    /// <summary>The patchMergeKey of a list field in the Kubernetes API types; null when the list is atomic.</summary>
    private static string? MergeKey(string path) => path[(path.LastIndexOf('/') + 1)..] switch
    {
        "containers" or "initContainers" or "ephemeralContainers" or "env" or "volumes" or "imagePullSecrets" or "webhooks" => "name",
        "ports" => path.EndsWith("ontainers[]/ports", StringComparison.Ordinal) ? "containerPort" : "port",
        "volumeMounts" => "mountPath",
        "conditions" => "type",
        "ownerReferences" => "uid",
        _ => null,
    };
}
