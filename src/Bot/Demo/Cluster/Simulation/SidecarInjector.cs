using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// The API server calling Istio's injector at pod creation. A pod is injected exactly when the injection policy says
/// so and the injector for its revision works: a MutatingWebhookConfiguration for the revision (named as
/// <c>InjectorWebhookCheck</c> maps names to revisions), a caBundle, and a Service with ready endpoints. A broken
/// injector rejects the pod under <c>failurePolicy: Fail</c> (with the API server's message) and lets it start
/// without a sidecar under <c>Ignore</c>.
/// </summary>
internal sealed class SidecarInjector(ObjectStore store)
{
    public Admission Admit(string ns, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, bool hostNetwork)
    {
        var nsView = store.Get(ResourceKinds.Namespace, null, ns) is { } n ? new Namespace(n.ToElement()) : null;
        var decision = InjectionPolicy.ForPod(labels, annotations, hostNetwork, nsView);
        if (!decision.Injected)
        {
            return new Admission(true, false, decision.Revision, null);
        }

        var webhooks = InjectorWebhooks(decision.Revision).ToArray();
        if (webhooks.Length == 0)
        {
            return new Admission(true, false, decision.Revision, null); // no injector installed for the revision: nothing is called
        }
        var nsLabels = nsView?.Meta.Labels ?? new Dictionary<string, string>();
        var called = webhooks.FirstOrDefault(w => w.NamespaceSelector.Matches(nsLabels) && w.ObjectSelector.Matches(labels)) ?? webhooks[0];
        if (Failure(called) is not { } failure)
        {
            return new Admission(true, true, decision.Revision, null);
        }
        if (called.FailurePolicy == "Ignore")
        {
            return new Admission(true, false, decision.Revision, null);
        }
        var service = called.Service!;
        return new Admission(false, false, decision.Revision,
            $"Internal error occurred: failed calling webhook \"{called.Name}\": failed to call webhook: Post \"https://{service.Name}.{service.Namespace}.svc:{service.Port}{service.Path}?timeout=10s\": {failure}");
    }

    private IEnumerable<MutatingWebhook> InjectorWebhooks(string revision)
    {
        var names = revision == "default"
            ? new[] { "istio-sidecar-injector", "istio-revision-tag-default" }
            : [$"istio-sidecar-injector-{revision}", $"istio-revision-tag-{revision}"];
        return store.List(ResourceKinds.MutatingWebhookConfiguration)
            .Select(o => new MutatingWebhookConfiguration(o.ToElement()))
            .Where(w => names.Contains(w.Name) || w.Meta.Label("istio.io/tag") == revision
                || (w.Meta.Label(InjectionPolicy.RevisionLabel) == revision && w.InjectorWebhooks.Any()))
            .SelectMany(w => w.InjectorWebhooks);
    }

    // In the order the API server meets them: resolving the Service, picking an endpoint, verifying istiod's certificate.
    private string? Failure(MutatingWebhook webhook)
    {
        if (webhook.Service is not { } service)
        {
            return null;
        }
        if (store.Get(ResourceKinds.Service, service.Namespace, service.Name) is null)
        {
            return $"service \"{service.Name}\" not found";
        }
        if (ReadyEndpoints(service.Namespace, service.Name) == 0)
        {
            return $"no endpoints available for service \"{service.Name}\"";
        }
        return string.IsNullOrEmpty(webhook.CaBundle) ? "tls: failed to verify certificate: x509: certificate signed by unknown authority" : null;
    }

    private int ReadyEndpoints(string ns, string service)
    {
        if (store.Get(ResourceKinds.Endpoints, ns, service) is { } endpoints)
        {
            return new Endpoints(ResourceKinds.Endpoints, endpoints.ToElement()).ReadyCount;
        }
        return store.List(ResourceKinds.EndpointSlice, ns)
            .Select(s => new Endpoints(ResourceKinds.EndpointSlice, s.ToElement()))
            .Where(s => s.ServiceName == service)
            .Sum(s => s.ReadyCount);
    }
}
