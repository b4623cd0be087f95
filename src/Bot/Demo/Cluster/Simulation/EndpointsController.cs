using System.Globalization;
using System.Text.Json.Nodes;
using MeshBot.Cluster;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// The endpoints controller: a Service's Endpoints (and its existing EndpointSlices) list the pods it selects, ready
/// ones as addresses, others as notReadyAddresses, on the target ports. Only Services that select a pod that came or
/// went are touched, so everything else keeps its resourceVersion.
/// </summary>
internal sealed class EndpointsController(ObjectStore store)
{
    public void Sync(string ns, IEnumerable<JsonObject> changedPods)
    {
        var labelSets = changedPods.Select(p => p.Map("metadata", "labels")).ToArray();
        foreach (var service in store.List(ResourceKinds.Service, ns))
        {
            var selector = service.Map("spec", "selector");
            if (selector.Count > 0 && labelSets.Any(l => Selects(selector, l)))
            {
                var pods = store.List(ResourceKinds.Pod, ns)
                    .Where(p => p.Str("status", "podIP") is not null && Selects(selector, p.Map("metadata", "labels")))
                    .ToArray();
                SyncEndpoints(service, pods);
                SyncSlices(service, pods);
            }
        }
    }

    private void SyncEndpoints(JsonObject service, JsonObject[] pods)
    {
        var ports = new JsonArray(service.Items("spec", "ports").Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Str("name"),
            ["port"] = TargetPort(p, pods),
            ["protocol"] = p.Str("protocol") ?? "TCP",
        }).ToArray());
        var subset = new JsonObject();
        var ready = pods.Where(WorkloadPods.IsReady).Select(Address).ToArray();
        var notReady = pods.Where(p => !WorkloadPods.IsReady(p)).Select(Address).ToArray();
        if (ready.Length > 0)
        {
            subset["addresses"] = new JsonArray(ready);
        }
        if (notReady.Length > 0)
        {
            subset["notReadyAddresses"] = new JsonArray(notReady);
        }
        subset["ports"] = ports;

        var ns = service.Namespace();
        var endpoints = store.Get(ResourceKinds.Endpoints, ns, service.Name())
            ?? store.Add(ResourceKinds.Endpoints, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Endpoints",
                ["metadata"] = new JsonObject { ["labels"] = service.At("metadata", "labels")?.DeepClone(), ["name"] = service.Name(), ["namespace"] = ns },
            });
        JsonNode? subsets = pods.Length == 0 ? null : new JsonArray(subset);
        if (!JsonNode.DeepEquals(endpoints["subsets"], subsets))
        {
            store.Update(ResourceKinds.Endpoints, endpoints, e =>
            {
                e["subsets"] = subsets;
                e.Obj("metadata", "annotations")["endpoints.kubernetes.io/last-change-trigger-time"] = JsonNodes.Timestamp(store.Time.GetUtcNow());
            });
        }
    }

    private void SyncSlices(JsonObject service, JsonObject[] pods)
    {
        var entries = new JsonArray(pods.Select(p => (JsonNode)new JsonObject
        {
            ["addresses"] = new JsonArray(p.Str("status", "podIP")),
            ["conditions"] = new JsonObject { ["ready"] = WorkloadPods.IsReady(p), ["serving"] = WorkloadPods.IsReady(p), ["terminating"] = false },
            ["nodeName"] = p.Str("spec", "nodeName"),
            ["targetRef"] = Ref(p),
        }).ToArray());
        foreach (var slice in store.List(ResourceKinds.EndpointSlice, service.Namespace())
            .Where(s => s.Str("metadata", "labels", "kubernetes.io/service-name") == service.Name()))
        {
            JsonNode? wanted = pods.Length == 0 ? null : entries.DeepClone();
            if (!JsonNode.DeepEquals(slice["endpoints"], wanted))
            {
                store.Update(ResourceKinds.EndpointSlice, slice, s => s["endpoints"] = wanted);
            }
        }
    }

    private static JsonNode Address(JsonObject pod) => new JsonObject
    {
        ["ip"] = pod.Str("status", "podIP"),
        ["nodeName"] = pod.Str("spec", "nodeName"),
        ["targetRef"] = Ref(pod),
    };

    private static JsonObject Ref(JsonObject pod) => new()
    {
        ["kind"] = "Pod",
        ["name"] = pod.Name(),
        ["namespace"] = pod.Namespace(),
        ["uid"] = pod.Str("metadata", "uid"),
    };

    // A named targetPort is looked up among the selected pods' container ports.
    private static int TargetPort(JsonObject servicePort, JsonObject[] pods)
    {
        var target = servicePort.Str("targetPort") ?? servicePort.Str("port") ?? "0";
        if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        return pods.SelectMany(p => p.Items("spec", "containers")).SelectMany(c => c.Items("ports"))
            .Where(p => p.Str("name") == target).Select(p => p.Int("containerPort")).FirstOrDefault() ?? servicePort.Int("port") ?? 0;
    }

    private static bool Selects(Dictionary<string, string> selector, Dictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
