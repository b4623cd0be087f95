using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Mesh;

/// <summary>
/// Which DestinationRule a client sidecar applies to a host (DESIGN "mTLS semantics", reference §3.3), in the order of
/// istiod's <c>PushContext.destinationRule</c> (pilot/pkg/model/push_context.go): the client namespace's own rules
/// (only those whose <c>exportTo</c> includes their namespace; for a client in the root namespace only its private
/// <c>exportTo: ["."]</c> rules, istiod's <c>rootNamespaceLocal</c>), then rules exported from the service's namespace,
/// then rules exported from the root namespace; the first level with a matching host wins, no merging across levels;
/// exact host before wildcard; <c>portLevelSettings</c> (keyed by Service port) replace the top-level policy for that
/// port. Reads the rules of at most three namespaces.
/// </summary>
public sealed class DestinationRuleResolver(KindIndex<DestinationRule> rules, string rootNamespace)
{
    public EffectiveDestinationRule Resolve(string clientNamespace, IReadOnlyDictionary<string, string>? clientLabels, string host, string serviceNamespace, int? servicePort)
    {
        var inRoot = clientNamespace == rootNamespace;
        var levels = new List<(RuleLevel Level, IEnumerable<DestinationRule> Candidates)>
        {
            (RuleLevel.ClientNamespace, rules.InNamespace(clientNamespace).Where(r => (inRoot ? IsPrivate(r) : IsVisibleInItsNamespace(r)) && AppliesToClient(r, clientLabels))),
        };
        // A root-namespace client found only the private root rules above: the exported ones come after the service's.
        if (serviceNamespace != clientNamespace || inRoot)
        {
            levels.Add((RuleLevel.ServiceNamespace, rules.InNamespace(serviceNamespace).Where(r => IsExportedTo(r, clientNamespace))));
        }
        if (rootNamespace != serviceNamespace)
        {
            levels.Add((RuleLevel.RootNamespace, rules.InNamespace(rootNamespace).Where(r => IsExportedTo(r, clientNamespace))));
        }

        foreach (var (level, candidates) in levels)
        {
            if (MostSpecific(candidates, host) is { Count: > 0 } matches)
            {
                return Effective(matches, level, host, servicePort);
            }
        }
        return EffectiveDestinationRule.None(host, servicePort);
    }

    /// <summary>Every rule anywhere whose host matches; for finding clients that may be affected when no source is named.</summary>
    public IEnumerable<DestinationRule> MatchingAnywhere(string host) =>
        rules.All.Where(r => HostMatch.Specificity(HostMatch.Normalize(r.Host, r.Namespace ?? ""), host) >= 0);

    private static bool AppliesToClient(DestinationRule rule, IReadOnlyDictionary<string, string>? clientLabels) =>
        rule.WorkloadSelector is null || (clientLabels is not null && PolicyOrder.IsSubsetOf(rule.WorkloadSelector, clientLabels));

    // istiod's namespaceLocal index: a rule applies to its own namespace's clients only when its exportTo lets it.
    private static bool IsVisibleInItsNamespace(DestinationRule rule) =>
        rule.WorkloadSelector is not null
        || rule.ExportTo.Count == 0
        || rule.ExportTo.Contains("*")
        || rule.ExportTo.Contains(".")
        || rule.ExportTo.Contains(rule.Namespace ?? "");

    // istiod's isPrivateOnly: rules with a workloadSelector are always private.
    private static bool IsPrivate(DestinationRule rule) =>
        rule.WorkloadSelector is not null
        || (rule.ExportTo.Count == 1 && (rule.ExportTo[0] == "." || rule.ExportTo[0] == rule.Namespace));

    private static bool IsExportedTo(DestinationRule rule, string clientNamespace) =>
        !IsPrivate(rule) && (rule.ExportTo.Count == 0 || rule.ExportTo.Contains("*") || rule.ExportTo.Contains(clientNamespace));

    private static List<DestinationRule> MostSpecific(IEnumerable<DestinationRule> candidates, string host)
    {
        var best = -1;
        var matches = new List<DestinationRule>();
        foreach (var rule in candidates)
        {
            var specificity = HostMatch.Specificity(HostMatch.Normalize(rule.Host, rule.Namespace ?? ""), host);
            if (specificity < 0 || specificity < best)
            {
                continue;
            }
            if (specificity > best)
            {
                best = specificity;
                matches.Clear();
            }
            matches.Add(rule);
        }
        return matches;
    }

    // Several rules for the same host at one level merge: the oldest rule with a trafficPolicy supplies it,
    // rules with a workloadSelector sorted first (reference §3.3 item 4).
    private static EffectiveDestinationRule Effective(List<DestinationRule> matches, RuleLevel level, string host, int? servicePort)
    {
        var ordered = PolicyOrder.OldestFirst(matches).OrderBy(r => r.WorkloadSelector is null).ToArray();
        var rule = ordered.FirstOrDefault(r => r.TrafficPolicy is not null) ?? ordered[0];
        var policy = rule.TrafficPolicy;
        if (policy is not null && servicePort is { } port && policy.PortLevelSettings.FirstOrDefault(p => p.Port == port) is { } portPolicy)
        {
            return new EffectiveDestinationRule(rule, level, portPolicy.Tls, true, host, servicePort);
        }
        return new EffectiveDestinationRule(rule, level, policy?.Tls, false, host, servicePort);
    }
}
