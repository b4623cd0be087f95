using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

public sealed record WebhookServiceRef(string Namespace, string Name, string? Path, int Port);

public sealed record MutatingWebhook(
    string Name,
    WebhookServiceRef? Service,
    string? Url,
    string? CaBundle,
    string FailurePolicy,
    LabelSelector NamespaceSelector,
    LabelSelector ObjectSelector);

public sealed class MutatingWebhookConfiguration : KubeObject
{
    public MutatingWebhookConfiguration(JsonElement raw) : base(ResourceKinds.MutatingWebhookConfiguration, raw)
    {
        Webhooks = raw.Items("webhooks").Select(w => new MutatingWebhook(
                w.Str("name") ?? "",
                w.Path("clientConfig", "service") is { } s
                    ? new WebhookServiceRef(s.Str("namespace") ?? "", s.Str("name") ?? "", s.Str("path"), s.Int("port") ?? 443)
                    : null,
                w.Str("clientConfig", "url"),
                w.Str("clientConfig", "caBundle"),
                w.Str("failurePolicy") ?? "Fail",
                LabelSelector.From(w.Path("namespaceSelector")),
                LabelSelector.From(w.Path("objectSelector"))))
            .ToArray();
    }

    public IReadOnlyList<MutatingWebhook> Webhooks { get; }

    /// <summary>Istio's injector webhooks are named <c>*.sidecar-injector.istio.io</c>.</summary>
    public IEnumerable<MutatingWebhook> InjectorWebhooks => Webhooks.Where(w => w.Name.EndsWith("sidecar-injector.istio.io", StringComparison.Ordinal));
}
