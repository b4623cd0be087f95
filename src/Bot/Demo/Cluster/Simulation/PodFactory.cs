using System.Text.Json.Nodes;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// Builds a pod from a pod template the way a controller, admission and the kubelet together would: template metadata
/// and spec, the owner reference, the sidecar when admission injected one, then scheduled, Running and Ready.
/// </summary>
internal static class PodFactory
{
    public static JsonObject Create(string ns, string name, PodOwner owner, JsonObject template, IReadOnlyDictionary<string, string> extraLabels,
        Admission admission, string workload, PodAddress address, DateTimeOffset now)
    {
        var labels = template.Map("metadata", "labels");
        foreach (var (key, value) in extraLabels)
        {
            labels[key] = value;
        }
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["annotations"] = JsonNodes.FromMap(template.Map("metadata", "annotations")),
                ["labels"] = JsonNodes.FromMap(labels),
                ["name"] = name,
                ["namespace"] = ns,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = owner.ApiVersion,
                    ["blockOwnerDeletion"] = true,
                    ["controller"] = true,
                    ["kind"] = owner.Kind,
                    ["name"] = owner.Name,
                    ["uid"] = owner.Uid,
                }),
            },
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
        if (owner.Kind != "StatefulSet")
        {
            pod.Metadata()["generateName"] = owner.Name + "-"; // StatefulSet pods have ordinal names instead
        }
        var spec = pod.Obj("spec");
        spec["nodeName"] = address.Node;
        spec["serviceAccountName"] ??= spec["serviceAccount"]?.DeepClone() ?? "default";
        if (admission.Injected)
        {
            SidecarTemplate.Inject(pod, admission.Revision, workload);
        }
        pod["status"] = Running(pod, address, now);
        return pod;
    }

    private static JsonObject Running(JsonObject pod, PodAddress address, DateTimeOffset now)
    {
        var time = JsonNodes.Timestamp(now);
        var conditions = new JsonArray();
        foreach (var type in new[] { "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled" })
        {
            conditions.Add(new JsonObject { ["lastProbeTime"] = null, ["lastTransitionTime"] = time, ["status"] = "True", ["type"] = type });
        }
        var status = new JsonObject
        {
            ["conditions"] = conditions,
            ["containerStatuses"] = new JsonArray(pod.Items("spec", "containers").Select(c => (JsonNode)new JsonObject
            {
                ["image"] = c.Str("image"),
                ["name"] = c.Str("name"),
                ["ready"] = true,
                ["restartCount"] = 0,
                ["started"] = true,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = time } },
            }).ToArray()),
            ["hostIP"] = address.HostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = address.HostIp }),
            ["phase"] = "Running",
            ["podIP"] = address.PodIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = address.PodIp }),
            ["qosClass"] = "BestEffort",
            ["startTime"] = time,
        };
        var initContainers = pod.Items("spec", "initContainers").ToArray();
        if (initContainers.Length > 0)
        {
            status["initContainerStatuses"] = new JsonArray(initContainers.Select(c => (JsonNode)new JsonObject
            {
                ["image"] = c.Str("image"),
                ["name"] = c.Str("name"),
                ["ready"] = true,
                ["restartCount"] = 0,
                ["started"] = c.Str("restartPolicy") == "Always",
                ["state"] = c.Str("restartPolicy") == "Always"
                    ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = time } }
                    : new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["finishedAt"] = time, ["reason"] = "Completed", ["startedAt"] = time } },
            }).ToArray());
        }
        return status;
    }
}
