using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Injection;

/// <summary>
/// Branch 5: the sidecar injector for the revision the path uses exists (<c>istio-sidecar-injector</c>,
/// <c>istio-sidecar-injector-REV</c>, <c>istio-revision-tag-*</c>), has a caBundle, and its Service has
/// ready endpoints.
/// </summary>
internal sealed class InjectorWebhookCheck : ICheck
{
    public Branch Branch => Branch.InjectionWebhook;
    public string Name => "InjectorWebhook";
    public string Description => "The injector webhook for the path's revision exists, has a caBundle, and reaches a ready istiod.";
    public IReadOnlyList<ResourceKind> Reads =>
        [ResourceKinds.Namespace, ResourceKinds.MutatingWebhookConfiguration, ResourceKinds.Service, ResourceKinds.Endpoints, ResourceKinds.EndpointSlice];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var revisions = InjectionScope.Revisions(context);
        if (revisions.Count == 0)
        {
            return outcome.Skipped("no namespace or pod on the path is enabled for sidecar injection");
        }

        // With no webhook configuration captured, "none for this revision" would be a guess, not evidence.
        var unreadWebhooks = CheckContext.Unread(context.Webhooks);
        if (unreadWebhooks.Count > 0)
        {
            return outcome.Unread(unreadWebhooks)
                .Inconclusive($"the injector for revision {string.Join(", ", revisions)} could not be checked: {UnreadInput.Explain(unreadWebhooks)}");
        }

        var problems = new List<string>();
        var unread = new List<UnreadInput>();
        var restart = (Namespace: context.Options.RootNamespace, Name: "istiod");
        foreach (var revision in revisions)
        {
            var names = revision == "default"
                ? new[] { "istio-sidecar-injector", "istio-revision-tag-default" }
                : [$"istio-sidecar-injector-{revision}", $"istio-revision-tag-{revision}"];
            var configurations = context.Webhooks.All
                .Where(w => names.Contains(w.Name) || w.Meta.Label("istio.io/tag") == revision
                    || (w.Meta.Label(InjectionPolicy.RevisionLabel) == revision && w.InjectorWebhooks.Any()))
                .ToArray();
            if (configurations.Length == 0)
            {
                outcome.Evidence(Kubectl.Get("mutatingwebhookconfiguration", null, output: "-l istio.io/rev=" + revision), "none found")
                    .Finding(Catalogue.InjectorWebhookMissing, $"MutatingWebhookConfiguration/{names[0]}", revision, string.Join(" or ", names));
                problems.Add($"no injector webhook for revision {revision}");
                continue;
            }

            foreach (var configuration in configurations)
            {
                Inspect(context, outcome, configuration, problems, unread, ref restart);
            }
        }

        if (problems.Count == 0)
        {
            return unread.Count > 0
                ? outcome.Inconclusive($"the injector for revision {string.Join(", ", revisions)} is configured, but what it calls could not be checked: {UnreadInput.Explain(unread)}")
                : outcome.RuledOut($"the injector for revision {string.Join(", ", revisions)} is configured and istiod has ready endpoints");
        }
        InjectionScope.ProposeRestarts(context, outcome, restart.Namespace, restart.Name);
        return outcome.Confirmed($"the sidecar injector cannot work: {string.Join("; ", problems.Distinct())}");
    }

    private static void Inspect(CheckContext context, OutcomeBuilder outcome, MutatingWebhookConfiguration configuration, List<string> problems, List<UnreadInput> unread, ref (string Namespace, string Name) restart)
    {
        var webhooks = configuration.InjectorWebhooks.ToArray();
        outcome.Evidence(
            Kubectl.JsonPath("mutatingwebhookconfiguration", null, configuration.Name, "{range .webhooks[*]}{.name} {.clientConfig.service.name} {.failurePolicy}{\"\\n\"}{end}"),
            string.Join("; ", webhooks.Select(w => $"{w.Name} → {w.Service?.Namespace}/{w.Service?.Name ?? w.Url} failurePolicy {w.FailurePolicy}, caBundle {(string.IsNullOrEmpty(w.CaBundle) ? "EMPTY" : "set")}")));

        var broken = false;
        foreach (var webhook in webhooks.Where(w => string.IsNullOrEmpty(w.CaBundle)).Take(1))
        {
            outcome.Finding(Catalogue.InjectorCaBundleEmpty, configuration.Reference, webhook.Name, configuration.Reference);
            problems.Add($"{configuration.Name} has an empty caBundle");
            broken = true;
        }

        foreach (var service in webhooks.Select(w => w.Service).OfType<WebhookServiceRef>().Distinct())
        {
            var serviceRef = $"Service/{service.Namespace}/{service.Name}";
            restart = (service.Namespace, service.Name);
            if (CheckContext.Unread(context.Services, service.Namespace) is [_, ..] services)
            {
                outcome.Unread(services);
                unread.AddRange(services);
                continue;
            }
            if (context.Services.Get(service.Namespace, service.Name) is null)
            {
                outcome.Evidence(Kubectl.Get("service", service.Namespace, service.Name), "not found")
                    .Finding(Catalogue.InjectorServiceMissing, serviceRef, configuration.Name, serviceRef);
                problems.Add($"{configuration.Name} calls missing {serviceRef}");
                broken = true;
                continue;
            }

            if (CheckContext.Unreadable(context.Endpoints, service.Namespace) && CheckContext.Unreadable(context.EndpointSlices, service.Namespace))
            {
                var endpoints = CheckContext.Unread(context.Endpoints, service.Namespace);
                outcome.Unread(endpoints);
                unread.AddRange(endpoints);
                continue;
            }
            var ready = context.ReadyEndpoints(service.Namespace, service.Name) ?? 0;
            outcome.Evidence(Kubectl.Get("endpoints", service.Namespace, service.Name), $"{ready} ready endpoint(s)");
            if (ready == 0)
            {
                outcome.Finding(Catalogue.InjectorNoEndpoints, serviceRef, configuration.Name, serviceRef);
                problems.Add($"{serviceRef} behind {configuration.Name} has no ready endpoints");
                broken = true;
            }
        }

        if (broken)
        {
            foreach (var failOpen in webhooks.Where(w => w.FailurePolicy == "Ignore").Take(1))
            {
                outcome.Finding(Catalogue.WebhookFailsOpen, configuration.Reference, failOpen.Name);
            }
        }
    }
}
