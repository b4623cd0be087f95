using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MeshBot.Cluster;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>Records core/v1 Events as controllers do: a repeat of the same event on the same object bumps its count.</summary>
internal sealed class EventRecorder(ObjectStore store)
{
    public void Warning(JsonObject involved, string reason, string message, string component)
    {
        var ns = involved.Namespace() ?? "default";
        var now = JsonNodes.Timestamp(store.Time.GetUtcNow());
        var kind = involved.Str("kind");
        var existing = store.List(ResourceKinds.Event, ns).FirstOrDefault(e =>
            e.Str("involvedObject", "kind") == kind && e.Str("involvedObject", "name") == involved.Name()
            && e.Str("reason") == reason && e.Str("message") == message);
        if (existing is not null)
        {
            store.Update(ResourceKinds.Event, existing, e =>
            {
                e["count"] = (e.Int("count") ?? 1) + 1;
                e["lastTimestamp"] = now;
            });
            return;
        }
        store.Add(ResourceKinds.Event, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["count"] = 1,
            ["firstTimestamp"] = now,
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = involved.Str("apiVersion"),
                ["kind"] = kind,
                ["name"] = involved.Name(),
                ["namespace"] = ns,
                ["uid"] = involved.Str("metadata", "uid"),
            },
            ["kind"] = "Event",
            ["lastTimestamp"] = now,
            ["message"] = message,
            ["metadata"] = new JsonObject { ["name"] = $"{involved.Name()}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}", ["namespace"] = ns },
            ["reason"] = reason,
            ["reportingComponent"] = component,
            ["source"] = new JsonObject { ["component"] = component },
            ["type"] = "Warning",
        });
    }
}
