using MeshBot.Cluster;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.ControlPlane;

/// <summary>Runbook step 1: istiod Deployment readiness, its Service endpoints, and Flux HelmReleases for Istio.</summary>
internal sealed class IstiodHealthCheck : ICheck
{
    private static readonly string[] IstioReleases = ["istio-base", "istiod"];

    public Branch Branch => Branch.ControlPlane;
    public string Name => "IstiodHealth";
    public string Description => "istiod is deployed and ready, its Service has endpoints, and Flux reports the Istio releases Ready.";
    public IReadOnlyList<ResourceKind> Reads =>
        [ResourceKinds.Deployment, ResourceKinds.Endpoints, ResourceKinds.EndpointSlice, ResourceKinds.HelmRelease];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var root = context.Options.RootNamespace;
        if (CheckContext.Unread(context.Deployments, root) is [_, ..] unread)
        {
            return outcome.Unread(unread).Inconclusive($"istiod's Deployment could not be read: {UnreadInput.Explain(unread)}");
        }
        var istiods = context.Deployments.InNamespace(root)
            .Where(d => d.Name == "istiod" || d.Name.StartsWith("istiod-", StringComparison.Ordinal) || d.Meta.Label("app") == "istiod")
            .ToArray();

        if (istiods.Length == 0)
        {
            outcome.Evidence(Kubectl.Get("deployment", root, output: "-l app=istiod"), "no istiod Deployment")
                .Finding(Catalogue.IstiodMissing, $"Namespace/{root}", root);
            return outcome.Inconclusive($"no istiod Deployment in {root}: the control plane is missing or runs elsewhere");
        }

        foreach (var istiod in istiods)
        {
            outcome.Evidence(
                Kubectl.JsonPath("deployment", root, istiod.Name, "{.status.readyReplicas}/{.spec.replicas}"),
                $"{istiod.ReadyReplicas}/{istiod.Replicas} ready");
            if (!istiod.IsReady)
            {
                outcome.Finding(Catalogue.IstiodNotReady, istiod.Reference, istiod.Reference, istiod.ReadyReplicas, istiod.Replicas);
            }

            if (context.ReadyEndpoints(root, istiod.Name) is { } ready)
            {
                outcome.Evidence(Kubectl.Get("endpoints", root, istiod.Name), $"{ready} ready endpoint(s)");
                if (ready == 0)
                {
                    outcome.Finding(Catalogue.IstiodNoEndpoints, $"Service/{root}/{istiod.Name}", $"Service/{root}/{istiod.Name}");
                }
            }
        }

        foreach (var release in IstioReleases.Select(r => context.HelmReleases.Get(root, r)).OfType<Cluster.Kinds.HelmRelease>())
        {
            outcome.Evidence($"flux get helmrelease {release.Name} -n {root}", $"Ready={release.ReadyStatus ?? "unknown"} {release.ReadyReason}".TrimEnd());
            if (release.ReadyStatus != "True")
            {
                outcome.Finding(Catalogue.HelmReleaseNotReady, release.Reference, release.Reference, release.ReadyReason ?? "no Ready condition", release.ReadyMessage ?? "");
            }
        }

        var problems = outcome.Messages(Severity.Warning);
        return problems.Count > 0
            ? outcome.Confirmed($"the control plane is degraded: {string.Join(" ", problems)}")
            : outcome.RuledOut($"istiod is ready in {root}");
    }
}
