using System.Text.Json.Nodes;
using MeshBot.Deploy.Tests.Support;

namespace MeshBot.Deploy.Tests.Manifests;

/// <summary>
/// Why the bot keeps working when the mesh is broken: none of Istio's injector webhooks (default revision, a canary
/// revision, as the scenarios hold them: the charts' own selectors) selects the meshbot namespace, so the API server
/// never calls istiod when MeshBot's pod is created — a down injector with failurePolicy Fail cannot block it, and
/// the pod never gets a sidecar that a broken CA would starve of certificates.
/// </summary>
public sealed class InjectionTests
{
    private static IReadOnlyList<JsonNode> Webhooks() =>
    [
        .. new[] { Path.Combine("_base", "webhook.yaml"), Path.Combine("revision-label", "webhook-canary.yaml") }
            .SelectMany(f => Yaml.Documents(Repo.Read("scenarios", f)))
            .Where(o => o.Kind() == "MutatingWebhookConfiguration")
            .SelectMany(o => o.Items("webhooks")),
    ];

    [Fact]
    public async Task NoInjectorWebhook_SelectsTheMeshBotNamespace()
    {
        var ns = (await Kustomize.RenderAsync("base")).Single("Namespace", "meshbot");
        var labels = Labels(ns.At("metadata", "labels"));
        labels["kubernetes.io/metadata.name"] = "meshbot"; // set by the API server on every namespace

        var webhooks = Webhooks();

        Assert.True(webhooks.Count >= 6, "the scenarios' injector webhooks were not found");
        Assert.All(webhooks, w => Assert.False(Selects(w.At("namespaceSelector"), labels), $"{w.Str("name")} selects the meshbot namespace"));
    }

    [Fact]
    public void TheSameWebhooks_SelectAnInjectedNamespace()
    {
        // The selector evaluation is not vacuous: payments (istio-injection=enabled) is selected, as in the scenarios.
        var payments = new Dictionary<string, string> { ["istio-injection"] = "enabled", ["kubernetes.io/metadata.name"] = "payments" };
        var unlabelled = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "meshbot" };

        Assert.Contains(Webhooks(), w => Selects(w.At("namespaceSelector"), payments));
        // Without the label, the object-level webhooks would select the namespace and leave it to pod labels.
        Assert.Contains(Webhooks(), w => Selects(w.At("namespaceSelector"), unlabelled));
    }

    private static Dictionary<string, string> Labels(JsonNode? node) =>
        (node as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    /// <summary>A LabelSelector (matchLabels and matchExpressions: In, NotIn, Exists, DoesNotExist); empty selects everything.</summary>
    private static bool Selects(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        var matchLabels = Labels(selector.At("matchLabels"));
        if (matchLabels.Any(l => !labels.TryGetValue(l.Key, out var v) || v != l.Value))
        {
            return false;
        }
        return selector.Items("matchExpressions").All(e =>
        {
            var key = e.Str("key")!;
            var values = e.Strings("values");
            var has = labels.TryGetValue(key, out var value);
            return e.Str("operator") switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                var op => throw new InvalidOperationException($"unknown operator {op}"),
            };
        });
    }
}
