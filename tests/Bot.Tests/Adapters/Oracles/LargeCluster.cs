using System.Globalization;
using System.Text.Json.Nodes;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Cluster;
using MeshBot.Cluster.Sources;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>
/// A demo scenario grown to a big cluster: the scenario's <c>payments</c> namespace (injected, its Deployment, ReplicaSet,
/// Service and pods) copied into <c>ns-0000</c>… with every pod copied <c>podCopies</c> times, so that the thread's
/// longest messages (the ca-rotation evidence, the restart of every injected workload) are as long as such a cluster makes them.
/// </summary>
internal static class LargeCluster
{
    public static InMemoryCluster Build(string scenario, int namespaces, int podCopies, TimeProvider time)
    {
        var demo = DemoClusters.Load(scenario, time);
        var objects = new List<JsonObject>();
        foreach (var kind in ResourceKinds.All.Where(k => k != ResourceKinds.ContainerLog))
        {
            // The in-memory cluster answers at once; the builder is synchronous for SlackTestHost's cluster factory.
            objects.AddRange(demo.ListAsync(kind, CancellationToken.None).GetAwaiter().GetResult().Items.Select(i => i.Raw.ToNode()));
        }
        var payments = objects.Where(o => o["metadata"]?["namespace"]?.GetValue<string>() == "payments").ToArray();
        var ns = objects.Single(o => o["kind"]!.GetValue<string>() == "Namespace" && o["metadata"]!["name"]!.GetValue<string>() == "payments");
        for (var i = 0; i < namespaces; i++)
        {
            var name = "ns-" + i.ToString("D4", CultureInfo.InvariantCulture);
            var copy = (JsonObject)ns.DeepClone();
            copy["metadata"]!["name"] = name;
            copy["metadata"]!["uid"] = $"{name}-{copy["metadata"]!["uid"]}";
            copy["metadata"]!["labels"]!["kubernetes.io/metadata.name"] = name;
            objects.Add(copy);
            foreach (var obj in payments)
            {
                var moved = JsonNode.Parse(obj.ToJsonString().Replace("\"namespace\":\"payments\"", $"\"namespace\":\"{name}\"", StringComparison.Ordinal)
                    .Replace("\"uid\":\"", $"\"uid\":\"{name}-", StringComparison.Ordinal))!.AsObject();
                var pod = moved["kind"]!.GetValue<string>() == "Pod";
                for (var c = 0; c < (pod ? podCopies : 1); c++)
                {
                    var one = (JsonObject)moved.DeepClone();
                    if (pod)
                    {
                        one["metadata"]!["name"] = $"{one["metadata"]!["name"]}-{c}";
                        one["metadata"]!["uid"] = $"{one["metadata"]!["uid"]}-{c}";
                    }
                    objects.Add(one);
                }
            }
        }
        return new InMemoryCluster(objects, [], time, $"{scenario} grown to {namespaces} more namespaces");
    }
}
