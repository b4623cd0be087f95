using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Logs;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Logs;

/// <summary>
/// Symptoms probe: what the path's istio-proxy containers (sidecars, and ztunnel on the path's ambient nodes) log — TLS handshake failures, plaintext
/// rejected by STRICT listeners, connection resets, AuthorizationPolicy denials — so the verdict can say
/// "inconclusive, but here is what the proxies see" when no branch explains them.
/// </summary>
internal sealed class ProxyLogSymptomsCheck : ICheck
{
    public Branch Branch => Branch.Symptoms;
    public string Name => "ProxyLogSymptoms";
    public string Description => "The istio-proxy logs on the path show no TLS, plaintext-rejection or RBAC failures.";
    public IReadOnlyList<ResourceKind> Reads => [ResourceKinds.ContainerLog];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var logs = context.Logs;
        var proxies = logs.All.Where(l => l.Container.Container == Cluster.Kinds.Pod.ProxyContainer).ToArray();
        foreach (var unavailable in proxies.Where(l => l.Status != ReadStatus.Ok))
        {
            // The same words whatever the source, so a snapshot and the live cluster report alike.
            var why = unavailable.Status == ReadStatus.Forbidden ? "reading pods/log is forbidden" : "no log is available for it";
            outcome.Finding(Catalogue.LogUnavailable, $"Pod/{unavailable.Container.Namespace}/{unavailable.Container.Pod}", unavailable.Container, why);
        }
        var read = proxies.Where(l => l.Status == ReadStatus.Ok).ToArray();
        if (read.Length == 0)
        {
            return outcome.Skipped("no istio-proxy log on the path was available");
        }

        var symptoms = new List<string>();
        foreach (var log in read)
        {
            var c = log.Container;
            var resource = $"Pod/{c.Namespace}/{c.Pod}";
            foreach (var group in logs.Matches(c).Where(m => m.Signature.Symptom != LogSymptom.Certificate).GroupBy(m => m.Signature.Symptom))
            {
                var last = group.Last();
                outcome.Evidence(Kubectl.Logs(c.Namespace, c.Pod, c.Container, PathLogs.TailLines, Grep(group.Key)), last.Line);
                symptoms.Add($"{c.Namespace}/{c.Pod}: {last.Signature.Meaning}");
                switch (group.Key)
                {
                    case LogSymptom.RbacDenied:
                        var policies = group.Select(m => LogSignatures.DeniedBy(m.Line)).OfType<string>().Distinct().ToArray();
                        outcome.Finding(Catalogue.RbacDeniedInLogs, resource, c, group.Count(),
                            policies.Length == 0 ? "policy not named" : string.Join(", ", policies.Select(p => p == "none" ? "no ALLOW rule matched" : p)));
                        break;
                    case LogSymptom.PlaintextRejected:
                        outcome.Finding(Catalogue.PlaintextRejectedInLogs, resource, c, group.Count());
                        break;
                    case LogSymptom.ConnectionReset:
                        outcome.Finding(Catalogue.ConnectionResetInLogs, resource, c, group.Count(), last.Signature.Meaning);
                        break;
                    default:
                        outcome.Finding(Catalogue.TlsErrorsInLogs, resource, c, group.Count(), last.Signature.Meaning);
                        break;
                }
            }
        }

        return symptoms.Count > 0
            ? outcome.Confirmed(string.Join("; ", symptoms.Distinct()))
            : outcome.RuledOut($"no TLS, plaintext-rejection or RBAC failures in {read.Length} istio-proxy log(s)");
    }

    private static string Grep(LogSymptom symptom) => symptom switch
    {
        LogSymptom.RbacDenied => "rbac_access_denied|RBAC: access denied|policy rejection",
        LogSymptom.PlaintextRejected => "filter_chain_not_found|istio_converted_static_strict",
        LogSymptom.ConnectionReset => "connection termination|connection_termination|15008",
        _ => "tls|handshake|ssl|certificate",
    };
}
