using MeshBot.Cluster;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Injection;

/// <summary>Branch 5: Events in the path's namespaces say the API server failed calling the injector (reference §4.5).</summary>
internal sealed class WebhookEventsCheck : ICheck
{
    public Branch Branch => Branch.InjectionWebhook;
    public string Name => "WebhookEvents";
    public string Description => "No Event on the path says the API server failed calling the sidecar injector.";
    public IReadOnlyList<ResourceKind> Reads => [ResourceKinds.Namespace, ResourceKinds.Event, ResourceKinds.Deployment];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        if (InjectionScope.Revisions(context).Count == 0)
        {
            return outcome.Skipped("no namespace or pod on the path is enabled for sidecar injection");
        }

        var onPath = context.Path.Ends.Where(e => !e.IsPlatform).Select(e => e.Namespace.Name).Distinct().ToArray();
        // Events not captured cannot rule a failure out; those that were captured can still confirm one.
        var unread = CheckContext.Unread(context.Events, onPath);
        outcome.Unread(unread);
        var namespaces = onPath.Where(ns => !CheckContext.Unreadable(context.Events, ns)).ToArray();
        var failures = namespaces
            .SelectMany(ns => context.Events.InNamespace(ns))
            .Where(e => e.Message.Contains("failed calling webhook", StringComparison.OrdinalIgnoreCase)
                && e.Message.Contains("sidecar-injector", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(e => e.LastSeen)
            .ToArray();

        foreach (var ns in namespaces)
        {
            var inNamespace = failures.Where(e => e.Namespace == ns).ToArray();
            outcome.Evidence(Kubectl.Get("events", ns, output: "--field-selector type=Warning"),
                inNamespace.Length == 0 ? "no injector call failures" : $"{inNamespace.Sum(e => e.Count)}× {inNamespace[0].Reason}: {inNamespace[0].Message}");
        }
        if (failures.Length == 0)
        {
            return unread.Count > 0
                ? outcome.Inconclusive($"failed injector calls could not be looked for: {UnreadInput.Explain(unread)}")
                : outcome.RuledOut($"no Event in {string.Join(", ", namespaces)} reports a failed injector call");
        }

        foreach (var failure in failures.Take(3))
        {
            outcome.Finding(Catalogue.WebhookCallFailed, $"{failure.InvolvedKind}/{failure.InvolvedNamespace ?? failure.Namespace}/{failure.InvolvedName}",
                $"{failure.InvolvedKind}/{failure.InvolvedName}", failure.Count, failure.Message);
        }
        var root = context.Options.RootNamespace;
        InjectionScope.ProposeRestarts(context, outcome, root, context.Deployments.Get(root, "istiod")?.Name ?? "istiod");
        return outcome.Confirmed($"the API server failed calling the sidecar injector {failures.Sum(e => e.Count)} times ({failures[0].InvolvedKind}/{failures[0].InvolvedName})");
    }
}
