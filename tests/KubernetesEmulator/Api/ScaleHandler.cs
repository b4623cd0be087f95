using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Json;
using MeshBot.KubernetesEmulator.Patching;
using MeshBot.KubernetesEmulator.Storage;
using MeshBot.KubernetesEmulator.Tables;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>
/// The <c>scale</c> subresource of Deployments, ReplicaSets and StatefulSets (<c>kubectl scale</c>): an autoscaling/v1
/// Scale view of <c>spec.replicas</c>; get, patch and update change only the replica count.
/// </summary>
internal sealed class ScaleHandler(ObjectStore store)
{
    public Task GetAsync(ApiCall call)
    {
        var workload = store.Get(call.Type, call.Namespace, call.Name) ?? throw StatusErrors.NotFound(call.Type, call.Name);
        return Responses.WriteJsonAsync(call.Http, 200, ToScale(workload));
    }

    public async Task PatchAsync(ApiCall call)
    {
        var patch = await RequestBody.ReadBytesAsync(call.Http.Request).ConfigureAwait(false);
        var dryRun = RequestBody.IsDryRun(call.Http.Request, "PatchOptions");
        var updated = store.Update(call.Type, call.Namespace, call.Name,
            current => WithReplicas(current, Patcher.Apply(call.Type, call.Http.Request.ContentType, ToScale(current), patch)), dryRun);
        await Responses.WriteJsonAsync(call.Http, 200, ToScale(updated)).ConfigureAwait(false);
    }

    public async Task UpdateAsync(ApiCall call)
    {
        var scale = await RequestBody.ReadObjectAsync(call.Http.Request).ConfigureAwait(false);
        var dryRun = RequestBody.IsDryRun(call.Http.Request, "UpdateOptions");
        var updated = store.Update(call.Type, call.Namespace, call.Name, current => WithReplicas(current, scale), dryRun);
        await Responses.WriteJsonAsync(call.Http, 200, ToScale(updated)).ConfigureAwait(false);
    }

    private static JsonObject WithReplicas(JsonObject workload, JsonObject scale)
    {
        workload.Child("spec")["replicas"] = scale.Long("spec", "replicas") ?? 0;
        workload.Metadata()["resourceVersion"] = scale.Str("metadata", "resourceVersion");
        return workload;
    }

    private static JsonObject ToScale(JsonObject workload)
    {
        var meta = workload.Metadata();
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta.Str("name"),
                ["namespace"] = meta.Str("namespace"),
                ["uid"] = meta.Str("uid"),
                ["resourceVersion"] = meta.Str("resourceVersion"),
                ["creationTimestamp"] = meta.Str("creationTimestamp"),
            },
            ["spec"] = new JsonObject { ["replicas"] = workload.Long("spec", "replicas") ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = workload.Long("status", "replicas") ?? 0,
                ["selector"] = Cells.Selector(workload.At("spec", "selector")) is var selector and not "<none>" ? selector : "",
            },
        };
    }
}
