using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MeshBot.Cluster;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// The Deployment controller's rollout when the pod template changes: the ReplicaSet for the new template
/// (<c>{deployment}-{10 hex}</c>, labelled with its pod-template-hash) gets the replicas; once its pods are all ready
/// the old ReplicaSets scale to zero. If the new pods are rejected (injector down, failurePolicy Fail) the old pods
/// keep serving, as a RollingUpdate leaves them. StatefulSets and DaemonSets replace their pods directly.
/// </summary>
internal sealed class RolloutController(ObjectStore store, LogStore logs, PodCreator pods, ReplicaSetController replicaSets, WorkloadStatus status)
{
    /// <summary>Rolls the workload; returns the pods that came and went, for the endpoints controller.</summary>
    public IReadOnlyList<JsonObject> Rollout(ResourceKind kind, JsonObject workload) =>
        kind == ResourceKinds.Deployment ? RolloutDeployment(workload) : Replace(kind, workload);

    public static string TemplateHash(JsonNode? template) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template?.ToJsonString() ?? "")))[..10];

    private List<JsonObject> RolloutDeployment(JsonObject deployment)
    {
        var ns = deployment.Namespace() ?? "default";
        var template = deployment.At("spec", "template") as JsonObject ?? [];
        var hash = TemplateHash(template);
        var desired = deployment.Int("spec", "replicas") ?? 1;
        var old = WorkloadPods.ReplicaSets(store, deployment);
        var revision = old.Select(rs => rs.Int("metadata", "annotations", "deployment.kubernetes.io/revision") ?? 0).DefaultIfEmpty(0).Max() + 1;

        var rs = store.Get(ResourceKinds.ReplicaSet, ns, $"{deployment.Name()}-{hash}") ?? NewReplicaSet(deployment, template, hash);
        store.Update(ResourceKinds.ReplicaSet, rs, r =>
        {
            r["spec"]!["replicas"] = desired;
            r.Obj("metadata", "annotations")["deployment.kubernetes.io/revision"] = revision.ToString(CultureInfo.InvariantCulture);
            r.Obj("metadata", "annotations")["deployment.kubernetes.io/desired-replicas"] = desired.ToString(CultureInfo.InvariantCulture);
        });
        store.Update(ResourceKinds.Deployment, store.Get(ResourceKinds.Deployment, ns, deployment.Name())!,
            d => d.Obj("metadata", "annotations")["deployment.kubernetes.io/revision"] = revision.ToString(CultureInfo.InvariantCulture));
        rs = store.Get(ResourceKinds.ReplicaSet, ns, rs.Name())!;
        return [.. replicaSets.Fill(rs, deployment.Name()), .. Progress(deployment, rs)];
    }

    /// <summary>
    /// The rolling update's next step once the new ReplicaSet's pods are all ready: the older ReplicaSets scale to zero.
    /// Also run after a ReplicaSet that failed to create pods is retried. Returns the pods that went.
    /// </summary>
    public IReadOnlyList<JsonObject> Progress(JsonObject deployment, JsonObject rs)
    {
        var removed = new List<JsonObject>();
        var current = store.Get(ResourceKinds.ReplicaSet, rs.Namespace(), rs.Name()) ?? rs;
        if (WorkloadPods.OfReplicaSet(store, current).Count(WorkloadPods.IsReady) >= (current.Int("spec", "replicas") ?? 1))
        {
            foreach (var previous in WorkloadPods.ReplicaSets(store, deployment).Where(o => o.Name() != rs.Name() && (o.Int("spec", "replicas") ?? 0) > 0))
            {
                removed.AddRange(replicaSets.ScaleToZero(previous, logs));
            }
        }
        status.Refresh(ResourceKinds.Deployment, deployment);
        return removed;
    }

    private JsonObject NewReplicaSet(JsonObject deployment, JsonObject template, string hash)
    {
        var rsTemplate = template.Clone();
        rsTemplate.Obj("metadata", "labels")["pod-template-hash"] = hash;
        var selector = deployment.At("spec", "selector")?.DeepClone() as JsonObject ?? [];
        selector.Obj("matchLabels")["pod-template-hash"] = hash;
        return store.Add(ResourceKinds.ReplicaSet, new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["labels"] = rsTemplate.At("metadata", "labels")!.DeepClone(),
                ["name"] = $"{deployment.Name()}-{hash}",
                ["namespace"] = deployment.Namespace(),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["blockOwnerDeletion"] = true,
                    ["controller"] = true,
                    ["kind"] = "Deployment",
                    ["name"] = deployment.Name(),
                    ["uid"] = deployment.Str("metadata", "uid"),
                }),
            },
            ["spec"] = new JsonObject { ["replicas"] = 0, ["selector"] = selector, ["template"] = rsTemplate },
        });
    }

    // StatefulSet and DaemonSet: new pods from the template replace the old ones, unless admission rejects them.
    private List<JsonObject> Replace(ResourceKind kind, JsonObject workload)
    {
        var ns = workload.Namespace() ?? "default";
        var template = workload.At("spec", "template") as JsonObject ?? [];
        var old = WorkloadPods.Of(store, kind, workload);
        var count = kind == ResourceKinds.DaemonSet
            ? (old.Count > 0 ? old.Count : workload.Int("status", "desiredNumberScheduled") ?? 1)
            : workload.Int("spec", "replicas") ?? 1;
        var hash = TemplateHash(template);
        var labels = kind == ResourceKinds.StatefulSet
            ? new Dictionary<string, string> { ["controller-revision-hash"] = $"{workload.Name()}-{hash}" }
            : new Dictionary<string, string> { ["controller-revision-hash"] = hash, ["pod-template-generation"] = workload.Str("metadata", "generation") ?? "1" };

        if (pods.Rejection(workload, template, labels) is not null)
        {
            // A rejected template leaves the old pods running; the failed creation is recorded as an Event.
            pods.Create(workload, kind == ResourceKinds.StatefulSet ? $"{workload.Name()}-0" : pods.GeneratedName(ns, workload.Name()), template, labels, workload.Name(), out var error);
            status.Refresh(kind, workload, error);
            return [];
        }

        var changed = old.ToList();
        foreach (var pod in old)
        {
            store.Delete(ResourceKinds.Pod, ns, pod.Name());
            logs.RemovePod(ns, pod.Name());
        }
        for (var i = 0; i < count; i++)
        {
            var name = kind == ResourceKinds.StatefulSet ? $"{workload.Name()}-{i}" : pods.GeneratedName(ns, workload.Name());
            var podLabels = new Dictionary<string, string>(labels);
            if (kind == ResourceKinds.StatefulSet)
            {
                podLabels["statefulset.kubernetes.io/pod-name"] = name;
            }
            if (pods.Create(workload, name, template, podLabels, workload.Name(), out _) is { } created)
            {
                changed.Add(created);
            }
        }
        status.Refresh(kind, workload);
        return changed;
    }
}
