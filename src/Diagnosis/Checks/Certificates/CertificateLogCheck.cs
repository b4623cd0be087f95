using MeshBot.Cluster;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Logs;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Certificates;

/// <summary>Branch 4: istiod and the path's istio-proxy containers log certificate errors (reference §4.2, §4.4).</summary>
internal sealed class CertificateLogCheck : ICheck
{
    public Branch Branch => Branch.CaRotation;
    public string Name => "CertificateLogs";
    public string Description => "istiod and the proxies on the path log no certificate errors.";
    public IReadOnlyList<ResourceKind> Reads => [ResourceKinds.ContainerLog, .. CaRestart.Reads];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var logs = context.Logs;
        var read = logs.All.Where(l => l.Status == Cluster.Sources.ReadStatus.Ok).ToArray();
        if (read.Length == 0)
        {
            return outcome.Skipped("no istiod or istio-proxy log was available");
        }

        var sources = new List<string>();
        foreach (var log in read)
        {
            var errors = logs.Matches(log.Container).Where(m => m.Signature.Symptom == LogSymptom.Certificate).ToArray();
            if (errors.Length == 0)
            {
                continue;
            }
            var c = log.Container;
            sources.Add($"{c.Namespace}/{c.Pod}");
            outcome.Evidence(Kubectl.Logs(c.Namespace, c.Pod, c.Container, PathLogs.TailLines, "cert|x509|ca|root"), errors[^1].Line)
                .Finding(Catalogue.CertificateErrorsInLogs, $"Pod/{c.Namespace}/{c.Pod}", $"{c}", errors.Length, errors[^1].Signature.Meaning);
        }

        if (sources.Count == 0)
        {
            return outcome.RuledOut($"no certificate errors in {read.Length} log(s) of istiod and the path's proxies");
        }
        CaRestart.Propose(context, outcome, "certificate errors in the logs: istiod must re-issue certificates and sidecars must pick them up");
        return outcome.Confirmed($"certificate errors logged by {string.Join(", ", sources)}");
    }
}
