using MeshBot.Cluster;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Ambient;

/// <summary>
/// Branch 1, ambient form: a Service (or its namespace) labelled <c>istio.io/use-waypoint=NAME</c> sends its traffic
/// through that waypoint; with no ready waypoint pod (label <c>gateway.networking.k8s.io/gateway-name=NAME</c>) the
/// service has no L7 data plane. The fix restarts the waypoint's Deployment.
/// </summary>
internal sealed class WaypointCheck : ICheck
{
    public const string UseWaypointLabel = "istio.io/use-waypoint";
    public const string UseWaypointNamespaceLabel = "istio.io/use-waypoint-namespace";
    public const string GatewayNameLabel = "gateway.networking.k8s.io/gateway-name";

    public Branch Branch => Branch.SidecarMissing;
    public string Name => "Waypoint";
    public string Description => "A waypoint the path's Services use has a ready pod.";
    public IReadOnlyList<ResourceKind> Reads => [ResourceKinds.Namespace, ResourceKinds.Pod, ResourceKinds.Deployment];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var server = context.Path.Server;
        if (!server.InAmbient)
        {
            return outcome.Skipped("the server is not in the ambient data plane");
        }
        var ns = context.Namespaces.Get(server.Namespace.Name);
        var uses = server.Units.SelectMany(u => u.Services)
            .Select(s => (Service: s, Waypoint: s.Meta.Label(UseWaypointLabel) ?? ns?.Meta.Label(UseWaypointLabel),
                Namespace: s.Meta.Label(UseWaypointNamespaceLabel) ?? ns?.Meta.Label(UseWaypointNamespaceLabel) ?? server.Namespace.Name))
            .Where(u => u.Waypoint is { Length: > 0 } w && w != "none")
            .Select(u => (u.Service, Waypoint: u.Waypoint!, u.Namespace))
            .DistinctBy(u => (u.Service.Name, u.Waypoint, u.Namespace))
            .ToArray();
        if (uses.Length == 0)
        {
            return outcome.Skipped($"no Service of {server.Name} uses a waypoint ({UseWaypointLabel})");
        }

        var broken = new List<string>();
        foreach (var (service, waypoint, waypointNamespace) in uses)
        {
            var pods = context.Pods.InNamespace(waypointNamespace).Where(p => p.Meta.Label(GatewayNameLabel) == waypoint).ToArray();
            var ready = pods.Count(p => p.Ready);
            outcome.Evidence(Kubectl.Get("pods", waypointNamespace, output: $"-l {GatewayNameLabel}={waypoint}"),
                $"Service/{service.Namespace}/{service.Name} uses waypoint {waypointNamespace}/{waypoint}: {ready}/{pods.Length} waypoint pods ready");
            if (ready > 0)
            {
                continue;
            }
            outcome.Finding(Catalogue.WaypointNotReady, $"Service/{service.Namespace}/{service.Name}", $"Service/{service.Namespace}/{service.Name}", $"{waypointNamespace}/{waypoint}", pods.Length);
            broken.Add($"waypoint {waypointNamespace}/{waypoint} of Service/{service.Namespace}/{service.Name} has no ready pod");
            if (context.Deployments.Get(waypointNamespace, waypoint) is { } deployment)
            {
                outcome.Need(new RestartWorkload("Deployment", waypointNamespace, waypoint, deployment.Replicas,
                    $"the waypoint {waypointNamespace}/{waypoint} carries the L7 traffic of Service/{service.Namespace}/{service.Name} and has no ready pod"));
            }
        }
        return broken.Count > 0
            ? outcome.Confirmed(string.Join("; ", broken))
            : outcome.RuledOut($"every waypoint the path's Services use has a ready pod ({string.Join(", ", uses.Select(u => $"{u.Namespace}/{u.Waypoint}").Distinct())})");
    }
}
