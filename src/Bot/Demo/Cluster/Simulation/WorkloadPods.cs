using System.Text.Json.Nodes;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// Which pods and ReplicaSets belong to a pod controller: by ownerReferences (pod → ReplicaSet → Deployment, or pod →
/// StatefulSet/DaemonSet), else, for objects loaded without owners, by the controller's label selector.
/// </summary>
internal static class WorkloadPods
{
    public static IReadOnlyList<JsonObject> ReplicaSets(ObjectStore store, JsonObject deployment) =>
        store.List(ResourceKinds.ReplicaSet, deployment.Namespace())
            .Where(rs => OwnedBy(rs, "Deployment", deployment))
            .ToArray();

    public static IReadOnlyList<JsonObject> OfReplicaSet(ObjectStore store, JsonObject rs) =>
        Live(store, rs.Namespace()).Where(p => OwnedBy(p, "ReplicaSet", rs)).ToArray();

    public static IReadOnlyList<JsonObject> Of(ObjectStore store, ResourceKind kind, JsonObject workload)
    {
        var owned = kind == ResourceKinds.Deployment
            ? ReplicaSets(store, workload).SelectMany(rs => OfReplicaSet(store, rs)).ToArray()
            : Live(store, workload.Namespace()).Where(p => OwnedBy(p, kind.Kind, workload)).ToArray();
        if (owned.Length > 0)
        {
            return owned;
        }
        var selector = new Workload(kind, workload.ToElement()).Selector;
        return selector.IsEmpty ? [] : Live(store, workload.Namespace()).Where(p => selector.Matches(p.Map("metadata", "labels"))).ToArray();
    }

    public static bool IsReady(JsonObject pod) =>
        pod.Items("status", "conditions").Any(c => c.Str("type") == "Ready" && c.Str("status") == "True");

    private static IEnumerable<JsonObject> Live(ObjectStore store, string? ns) =>
        store.List(ResourceKinds.Pod, ns).Where(p => p.Str("status", "phase") is not ("Succeeded" or "Failed"));

    private static bool OwnedBy(JsonObject obj, string kind, JsonObject owner) =>
        obj.Items("metadata", "ownerReferences").Any(o => o.Str("kind") == kind
            && ((o.Str("uid") is { } uid && uid == owner.Str("metadata", "uid")) || o.Str("name") == owner.Name()));
}
