using System.Text.Json.Nodes;
using MeshBot.Cluster;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// A pod controller's status as its controller reports it: replica counts from the live pods and, for Deployments, the
/// Available / Progressing / ReplicaFailure conditions (timestamps move only when a condition changes).
/// </summary>
internal sealed class WorkloadStatus(ObjectStore store)
{
    public void Refresh(ResourceKind kind, JsonObject workload, string? failure = null)
    {
        var current = store.Get(kind, workload.Namespace(), workload.Name()) ?? workload;
        var pods = WorkloadPods.Of(store, kind, current);
        var ready = pods.Count(WorkloadPods.IsReady);
        var generation = current.Int("metadata", "generation") ?? 1;
        store.Update(kind, current, w =>
        {
            var status = w.Obj("status");
            if (kind == ResourceKinds.DaemonSet)
            {
                status["currentNumberScheduled"] = pods.Count;
                status["desiredNumberScheduled"] = pods.Count;
                status["numberAvailable"] = ready;
                status["numberReady"] = ready;
                status["updatedNumberScheduled"] = pods.Count;
                status["observedGeneration"] = generation;
                return;
            }
            var desired = w.Int("spec", "replicas") ?? 1;
            var newest = kind == ResourceKinds.Deployment ? Newest(current) : null;
            var updated = newest is null ? pods.Count : WorkloadPods.OfReplicaSet(store, newest).Count;
            failure ??= newest?.Items("status", "conditions").FirstOrDefault(c => c.Str("type") == "ReplicaFailure")?.Str("message");
            status["availableReplicas"] = ready;
            status["observedGeneration"] = generation;
            status["readyReplicas"] = ready;
            status["replicas"] = pods.Count;
            status["updatedReplicas"] = updated;
            if (ready < desired)
            {
                status["unavailableReplicas"] = desired - ready;
            }
            else
            {
                status.Remove("unavailableReplicas");
            }
            if (kind == ResourceKinds.StatefulSet)
            {
                status["currentReplicas"] = pods.Count;
                return;
            }
            var rsName = newest?.Name() ?? w.Name();
            Condition(status, "Available", ready >= desired ? "True" : "False",
                ready >= desired ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                ready >= desired ? "Deployment has minimum availability." : "Deployment does not have minimum availability.");
            Condition(status, "Progressing", "True",
                updated >= desired && ready >= desired ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                updated >= desired && ready >= desired ? $"ReplicaSet \"{rsName}\" has successfully progressed." : $"ReplicaSet \"{rsName}\" is progressing.");
            Condition(status, "ReplicaFailure", failure is null ? null : "True", "FailedCreate", failure ?? "");
        });
    }

    private JsonObject? Newest(JsonObject deployment) =>
        WorkloadPods.ReplicaSets(store, deployment)
            .OrderByDescending(rs => rs.Int("metadata", "annotations", "deployment.kubernetes.io/revision") ?? 0)
            .FirstOrDefault();

    /// <summary>Sets (or, with a null status, removes) a condition, keeping its timestamps when nothing about it changed.</summary>
    private void Condition(JsonObject status, string type, string? value, string reason, string message)
    {
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type);
        if (value is null)
        {
            if (existing is not null)
            {
                conditions.Remove(existing);
            }
            return;
        }
        if (existing is not null && existing.Str("status") == value && existing.Str("reason") == reason && existing.Str("message") == message)
        {
            return;
        }
        var now = JsonNodes.Timestamp(store.Time.GetUtcNow());
        var condition = new JsonObject
        {
            ["lastTransitionTime"] = existing is not null && existing.Str("status") == value ? existing["lastTransitionTime"]?.DeepClone() : now,
            ["lastUpdateTime"] = now,
            ["message"] = message,
            ["reason"] = reason,
            ["status"] = value,
            ["type"] = type,
        };
        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }
}
