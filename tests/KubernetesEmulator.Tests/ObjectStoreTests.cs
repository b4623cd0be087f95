using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Storage;

namespace MeshBot.KubernetesEmulator.Tests;

public sealed class ObjectStoreTests
{
    private static readonly ResourceType DestinationRules = CustomResources.For(CustomResources.IstioNetworking).First(t => t.Plural == "destinationrules");

    [Fact]
    public void Spec_changes_bump_generation_and_metadata_changes_do_not()
    {
        var store = new ObjectStore(TimeProvider.System);
        store.Create(DestinationRules, Rule("ISTIO_MUTUAL"), dryRun: false);

        var labelled = store.Update(DestinationRules, "payments", "api", o => { o["metadata"]!["labels"] = new JsonObject { ["a"] = "b" }; return o; }, dryRun: false);
        var changed = store.Update(DestinationRules, "payments", "api", o => { o["spec"]!["trafficPolicy"]!["tls"]!["mode"] = "DISABLE"; return o; }, dryRun: false);

        Assert.Equal(1, labelled["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(2, changed["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public void An_update_that_changes_nothing_is_not_a_write()
    {
        var store = new ObjectStore(TimeProvider.System);
        var created = store.Create(DestinationRules, Rule("ISTIO_MUTUAL"), dryRun: false);

        var same = store.Update(DestinationRules, "payments", "api", o => o, dryRun: false);

        Assert.Equal(created["metadata"]!["resourceVersion"]!.ToString(), same["metadata"]!["resourceVersion"]!.ToString());
        Assert.Equal(1, store.Revision);
    }

    private static JsonObject Rule(string mode) => new()
    {
        ["apiVersion"] = "networking.istio.io/v1",
        ["kind"] = "DestinationRule",
        ["metadata"] = new JsonObject { ["name"] = "api", ["namespace"] = "payments" },
        ["spec"] = new JsonObject { ["host"] = "api", ["trafficPolicy"] = new JsonObject { ["tls"] = new JsonObject { ["mode"] = mode } } },
    };
}
