using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Checks.Tls;

/// <summary>
/// How to make a client send <paramref name="wanted"/> to one host with the smallest blast radius: patch the
/// rule if it is the client namespace's own exact-host rule, otherwise add an exact-host rule in the client
/// namespace, which outranks wildcard rules and rules exported from other namespaces.
/// </summary>
internal static class TlsFix
{
    public static RemediationNeed For(EffectiveDestinationRule effective, string clientNamespace, TlsMode wanted, string why)
    {
        var rule = effective.Rule;
        if (rule is not null && effective.Level == RuleLevel.ClientNamespace && rule.WorkloadSelector is null
            && HostMatch.Normalize(rule.Host, rule.Namespace ?? "") == effective.Host && effective.Tls is { } current)
        {
            var portIndex = effective.FromPortLevel && rule.TrafficPolicy is { } policy
                ? policy.PortLevelSettings.ToList().FindIndex(p => p.Port == effective.ServicePort)
                : (int?)null;
            return new ChangeDestinationRuleTls(rule.Namespace ?? clientNamespace, rule.Name, portIndex, current, wanted, why);
        }
        return new SetHostTls(clientNamespace, effective.Host, wanted, why);
    }
}
