using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Api;
using MeshBot.KubernetesEmulator.Json;

namespace MeshBot.KubernetesEmulator.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds: like a merge patch, except that the lists Kubernetes tags with a patch merge
/// key (containers by name, ports by containerPort, conditions by type…) merge element by element, finalizers merge as
/// a set, and the <c>$patch</c>, <c>$retainKeys</c>, <c>$deleteFromPrimitiveList</c> and <c>$setElementOrder</c>
/// directives are understood. Lists without a merge key are replaced, as on the real server.
/// </summary>
internal static class StrategicMergePatch
{
    private const string SetUnion = "";

    public static JsonObject Apply(JsonObject original, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            throw StatusErrors.BadRequest("unable to unmarshal patch: the patch must be a JSON object");
        }
        return MergeMap(original, patchObject, "") ?? [];
    }

    private static JsonObject? MergeMap(JsonObject? original, JsonObject patch, string path)
    {
        switch (patch.Str("$patch"))
        {
            case "delete":
                return null;
            case "replace":
                return Strip(patch);
        }

        var result = original is null ? [] : (JsonObject)original.DeepClone();
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list && value is JsonArray doomed)
                {
                    result[field] = new JsonArray(list.Where(v => !doomed.Any(d => JsonNode.DeepEquals(d, v))).Select(v => v?.DeepClone()).ToArray());
                }
                continue;
            }
            if (key.StartsWith('$'))
            {
                continue; // $setElementOrder only orders; $retainKeys is applied below
            }
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            var childPath = path + "/" + key;
            result[key] = value switch
            {
                JsonObject patchChild => MergeMap(result[key] as JsonObject, patchChild, childPath),
                JsonArray patchList => MergeList(result[key] as JsonArray, patchList, childPath),
                _ => value.DeepClone(),
            };
            if (result[key] is null)
            {
                result.Remove(key);
            }
        }

        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(JsonNodes.Scalar).ToHashSet(StringComparer.Ordinal);
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }
        return result;
    }

    private static JsonArray MergeList(JsonArray? original, JsonArray patch, string path)
    {
        var mergeKey = MergeKey(path);
        if (mergeKey is null || original is null)
        {
            return new JsonArray(patch.Where(e => e is not JsonObject o || o.Str("$patch") is null).Select(e => e is JsonObject o ? Strip(o) : e?.DeepClone()).ToArray());
        }
        if (mergeKey == SetUnion)
        {
            var union = original.Select(v => v?.DeepClone()).ToList();
            union.AddRange(patch.Where(p => !original.Any(o => JsonNode.DeepEquals(o, p))).Select(p => p?.DeepClone()));
            return new JsonArray(union.ToArray());
        }
        if (patch.OfType<JsonObject>().Any(e => e.Str("$patch") == "replace"))
        {
            return new JsonArray(patch.OfType<JsonObject>().Where(e => e.Str("$patch") is null).Select(Strip).ToArray());
        }

        var result = original.Select(e => e?.DeepClone()).ToList();
        foreach (var element in patch.OfType<JsonObject>())
        {
            var key = element.Str(mergeKey);
            var index = result.FindIndex(e => e is JsonObject o && key is not null && o.Str(mergeKey) == key);
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
                result.Add(Strip(element));
            }
        }
        return new JsonArray(result.ToArray());
    }

    /// <summary>The patchMergeKey of a list field, from the Kubernetes API types; null when the list is atomic.</summary>
    private static string? MergeKey(string path)
    {
        var field = path[(path.LastIndexOf('/') + 1)..];
        return field switch
        {
            "containers" or "initContainers" or "ephemeralContainers" or "env" or "volumes" or "imagePullSecrets"
                or "webhooks" or "resourceClaims" or "schedulingGates" => "name",
            "ports" => path.EndsWith("ontainers[]/ports", StringComparison.Ordinal) ? "containerPort" : "port",
            "volumeMounts" => "mountPath",
            "volumeDevices" => "devicePath",
            "ownerReferences" => "uid",
            "conditions" => "type",
            "hostAliases" => "ip",
            "topologySpreadConstraints" => "topologyKey",
            "finalizers" => SetUnion,
            _ => null,
        };
    }

    private static JsonObject Strip(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (!key.StartsWith('$'))
            {
                copy[key] = value?.DeepClone();
            }
        }
        return copy;
    }
}
