using MeshBot.Diagnosis.Certificates;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Certificates;

/// <summary>
/// Branch 4: the <c>istio-ca-root-cert</c> ConfigMap in the path's namespaces holds the root of the CA
/// istiod signs with; otherwise sidecars reject each other's certificates (CERTIFICATE_VERIFY_FAILED).
/// </summary>
internal sealed class RootCertDistributionCheck : ICheck
{
    private const string RootKey = "root-cert.pem";

    public Branch Branch => Branch.CaRotation;
    public string Name => "RootCertDistribution";
    public string Description => "Every namespace on the path trusts the root of the CA istiod signs with.";
    public IReadOnlyList<ResourceKind> Reads => [ResourceKinds.Secret, ResourceKinds.ConfigMap, .. CaRestart.Reads];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var ca = IstioCa.Find(context.Secrets, context.Options.RootNamespace);
        if (ca is null)
        {
            return outcome.Skipped("istiod's CA could not be read, so there is no root to compare with");
        }
        var root = ca.Root ?? ca.Certificate;
        var meshedNamespaces = context.Path.Ends.Where(e => e.Meshed).Select(e => e.Namespace.Name).Distinct().ToArray();
        if (meshedNamespaces.Length == 0)
        {
            return outcome.Skipped("no meshed namespace on the path");
        }

        // A namespace whose ConfigMaps were not read proves nothing either way: it can only leave the step open.
        var unread = CheckContext.Unread(context.ConfigMaps, meshedNamespaces);
        outcome.Unread(unread);
        var problems = new List<string>();
        foreach (var ns in meshedNamespaces.Where(ns => !CheckContext.Unreadable(context.ConfigMaps, ns)))
        {
            var command = $"kubectl get configmap {ConfigMap.IstioRootCertName} -n {ns} -o jsonpath='{{.data.root-cert\\.pem}}' | openssl x509 -noout -subject -fingerprint -sha256";
            var configMap = context.ConfigMaps.Get(ns, ConfigMap.IstioRootCertName);
            if (configMap is null)
            {
                outcome.Evidence(command, "ConfigMap not found");
                outcome.Finding(Catalogue.RootCertMissing, $"Namespace/{ns}", ns);
                problems.Add($"{ns} has no {ConfigMap.IstioRootCertName}");
                continue;
            }

            var distributed = configMap.Data.TryGetValue(RootKey, out var pem) ? CertificateInfo.ParseAll(pem) : [];
            outcome.Evidence(command, distributed.Count == 0 ? "no certificate" : string.Join(", ", distributed.Select(d => d.Identity)));
            if (!distributed.Any(d => d.SameAs(root)))
            {
                outcome.Finding(Catalogue.RootCertMismatch, configMap.Reference, configMap.Reference,
                    distributed.FirstOrDefault()?.Identity ?? "nothing", root.Identity);
                problems.Add($"{ns} trusts {distributed.FirstOrDefault()?.Identity ?? "nothing"} instead of {root.Identity}");
            }
        }

        var elsewhere = OtherMismatches(context, root, meshedNamespaces);
        if (elsewhere.Count > 0)
        {
            outcome.Finding(Catalogue.RootCertMismatchElsewhere, $"ConfigMap/*/{ConfigMap.IstioRootCertName}", elsewhere.Count, string.Join(", ", elsewhere.Take(10)));
        }

        if (problems.Count == 0)
        {
            return unread.Count > 0
                ? outcome.Inconclusive($"the root the path's namespaces trust could not be compared with {ca.Describe}'s: {UnreadInput.Explain(unread)}")
                : outcome.RuledOut($"the path's namespaces trust {root.Identity}, the root of istiod's {ca.Describe}");
        }
        CaRestart.Propose(context, outcome, $"the distributed root differs from {ca.Describe}'s root: istiod must redistribute {ConfigMap.IstioRootCertName} and sidecars must reload it");
        return outcome.Confirmed($"{string.Join("; ", problems)} — the root of istiod's {ca.Describe}");
    }

    // Compares base64 body text rather than parsing a certificate per namespace: cheap for a thousand namespaces.
    private static List<string> OtherMismatches(CheckContext context, CertificateInfo root, string[] skip)
    {
        var body = Convert.ToBase64String(root.Certificate.RawData);
        return context.ConfigMaps.All
            .Where(c => c.Name == ConfigMap.IstioRootCertName && !skip.Contains(c.Namespace))
            .Where(c => !c.WithoutWhitespace(RootKey).Contains(body, StringComparison.Ordinal))
            .Select(c => c.Namespace ?? "")
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
