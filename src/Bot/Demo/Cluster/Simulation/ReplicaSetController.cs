using System.Text.Json.Nodes;
using MeshBot.Cluster;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// The ReplicaSet controller: creates the pods a ReplicaSet is missing (stopping at the first rejection, whose
/// FailedCreate Event and ReplicaFailure condition then explain the shortfall) and keeps its status counts true.
/// </summary>
internal sealed class ReplicaSetController(ObjectStore store, PodCreator pods)
{
    public IReadOnlyList<JsonObject> Fill(JsonObject rs, string workload)
    {
        var ns = rs.Namespace() ?? "default";
        var template = rs.At("spec", "template") as JsonObject ?? [];
        var missing = (rs.Int("spec", "replicas") ?? 1) - WorkloadPods.OfReplicaSet(store, rs).Count;
        var created = new List<JsonObject>();
        string? failure = null;
        for (var i = 0; i < missing && failure is null; i++)
        {
            if (pods.Create(rs, pods.GeneratedName(ns, rs.Name()), template, new Dictionary<string, string>(), workload, out failure) is { } pod)
            {
                created.Add(pod);
            }
        }
        UpdateStatus(rs, failure);
        return created;
    }

    /// <summary>Scaled down: the ReplicaSet stays (rollout history), its pods go.</summary>
    public IReadOnlyList<JsonObject> ScaleToZero(JsonObject rs, LogStore logs)
    {
        var removed = WorkloadPods.OfReplicaSet(store, rs);
        foreach (var pod in removed)
        {
            store.Delete(ResourceKinds.Pod, pod.Namespace(), pod.Name());
            logs.RemovePod(pod.Namespace() ?? "", pod.Name());
        }
        store.Update(ResourceKinds.ReplicaSet, store.Get(ResourceKinds.ReplicaSet, rs.Namespace(), rs.Name())!, r => r["spec"]!["replicas"] = 0);
        UpdateStatus(store.Get(ResourceKinds.ReplicaSet, rs.Namespace(), rs.Name())!, null);
        return removed;
    }

    private void UpdateStatus(JsonObject rs, string? failure)
    {
        var current = store.Get(ResourceKinds.ReplicaSet, rs.Namespace(), rs.Name()) ?? rs;
        var owned = WorkloadPods.OfReplicaSet(store, current);
        var ready = owned.Count(WorkloadPods.IsReady);
        store.Update(ResourceKinds.ReplicaSet, current, r =>
        {
            var status = new JsonObject
            {
                ["availableReplicas"] = ready,
                ["fullyLabeledReplicas"] = owned.Count,
                ["observedGeneration"] = r.Int("metadata", "generation") ?? 1,
                ["readyReplicas"] = ready,
                ["replicas"] = owned.Count,
            };
            if (failure is not null)
            {
                status["conditions"] = new JsonArray(new JsonObject
                {
                    ["lastTransitionTime"] = JsonNodes.Timestamp(store.Time.GetUtcNow()),
                    ["message"] = failure,
                    ["reason"] = "FailedCreate",
                    ["status"] = "True",
                    ["type"] = "ReplicaFailure",
                });
            }
            r["status"] = status;
        });
    }
}
