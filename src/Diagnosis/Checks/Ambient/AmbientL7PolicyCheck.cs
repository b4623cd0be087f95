using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Ambient;

/// <summary>
/// An ambient server without a waypoint has its AuthorizationPolicies enforced by ztunnel, which cannot evaluate HTTP
/// attributes (istiod's ambient handleRule): in an ALLOW policy such rules never match, a DENY policy is enforced
/// without its HTTP conditions, CUSTOM and AUDIT are not supported — each stricter than written. Authorization, not
/// mTLS: reported as what the data plane does, with the waypoint it needs.
/// </summary>
internal sealed class AmbientL7PolicyCheck : ICheck
{
    public Branch Branch => Branch.Symptoms;
    public string Name => "AmbientL7Policy";
    public string Description => "No AuthorizationPolicy with HTTP attributes is left to ztunnel, which cannot evaluate them.";
    public IReadOnlyList<ResourceKind> Reads => [ResourceKinds.AuthorizationPolicy];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var server = context.Path.Server;
        if (!server.InAmbient)
        {
            return outcome.Skipped("the server is not in the ambient data plane");
        }
        if (server.Units.SelectMany(u => u.Services).Any(s => s.Meta.Label(WaypointCheck.UseWaypointLabel) is { Length: > 0 } w && w != "none")
            || server.Namespace.Meta.Label(WaypointCheck.UseWaypointLabel) is { Length: > 0 } nsWaypoint && nsWaypoint != "none")
        {
            return outcome.Skipped("the server's traffic goes through a waypoint, which evaluates HTTP attributes");
        }

        var root = context.Options.RootNamespace;
        var misplaced = new List<string>();
        foreach (var unit in server.Units)
        {
            var policies = context.AuthorizationPolicies.InNamespace(unit.Namespace)
                .Concat(unit.Namespace == root ? [] : context.AuthorizationPolicies.InNamespace(root))
                .Where(p => !p.HasTargetRefs && (p.Selector is null || PolicyOrder.IsSubsetOf(p.Selector, unit.Labels)));
            foreach (var policy in policies.Where(p => p.HttpAttributes.Count > 0 || p.Action is "CUSTOM" or "AUDIT"))
            {
                var effect = policy.Action switch
                {
                    "ALLOW" => "its rules with HTTP attributes never match, so it allows less than written",
                    "DENY" => "it is enforced without its HTTP conditions, so it denies more than written",
                    _ => $"ztunnel does not support the {policy.Action} action",
                };
                var fields = policy.HttpAttributes.Count > 0 ? string.Join(", ", policy.HttpAttributes) : policy.Action;
                outcome.Evidence(Kubectl.Get("authorizationpolicy", policy.Namespace, policy.Name, "yaml"), $"{policy.Reference} ({policy.Action}) uses {fields} and selects {unit.Reference}, which has no waypoint: {effect}")
                    .Finding(Catalogue.L7PolicyWithoutWaypoint, policy.Reference, policy.Reference, fields, unit.Reference, effect);
                misplaced.Add(policy.Reference);
            }
        }
        return misplaced.Count > 0
            ? outcome.Confirmed($"{string.Join(", ", misplaced.Distinct())} need{(misplaced.Count == 1 ? "s" : "")} a waypoint: ztunnel cannot evaluate HTTP attributes")
            : outcome.RuledOut("no AuthorizationPolicy on the ambient server uses HTTP attributes");
    }
}
