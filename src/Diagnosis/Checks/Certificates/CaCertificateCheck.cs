using MeshBot.Diagnosis.Certificates;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks.Certificates;

/// <summary>
/// Branch 4: istiod's CA certificate (plugged-in <c>cacerts</c> or self-signed <c>istio-ca-secret</c>) is
/// inside its validity window, is a CA, and chains to its root. Certificates are parsed for real.
/// </summary>
internal sealed class CaCertificateCheck : ICheck
{
    private static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public Branch Branch => Branch.CaRotation;
    public string Name => "CaCertificate";
    public string Description => "istiod's CA certificate is valid now, is a CA, and chains to its root.";
    public IReadOnlyList<ResourceKind> Reads => [ResourceKinds.Secret, .. CaRestart.Reads];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var root = context.Options.RootNamespace;
        var secrets = context.Secrets;
        var ca = IstioCa.Find(secrets, root, out var unreadable);
        if (unreadable is not null)
        {
            // Present but damaged (a bundle edited by hand, a truncated copy): nothing to judge it on, so nothing to fix.
            var (key, _) = unreadable.Entries[0];
            var show = Show(unreadable.Secret.Name, root, key);
            outcome.Evidence(show, unreadable.Describe)
                .Finding(Catalogue.CaSecretUnreadable, unreadable.Secret.Reference, unreadable.Secret.Reference, string.Join("; ", unreadable.Entries.Select(e => $"{e.Key} {e.Why}")));
            return outcome.Inconclusive($"istiod's CA could not be read: {unreadable.Describe}; next: {show}");
        }
        if (ca is null)
        {
            var names = $"{Secret.IstioCaSecretName} {Secret.PluggedCaSecretName}";
            var unread = CheckContext.Unread(secrets, root).FirstOrDefault();
            var why = unread?.Observed ?? "neither secret is present";
            var next = unread?.Status == ReadStatus.NotCaptured ? Kubectl.Get("secret", root, names, "yaml") : Kubectl.Get("secret", root, names);
            outcome.Evidence(next, why)
                .Finding(Catalogue.CaSecretUnavailable, $"Namespace/{root}", Secret.IstioCaSecretName, Secret.PluggedCaSecretName, root, why);
            return outcome.Inconclusive($"istiod's CA could not be read ({why}); next: {next}");
        }

        var certificates = new List<(string Key, CertificateInfo Cert)> { (ca.CertKey, ca.Certificate) };
        if (ca.Plugged && ca.Root is { } pluggedRoot && !pluggedRoot.SameAs(ca.Certificate))
        {
            certificates.Add((ca.CertKey == "tls.crt" ? "ca.crt" : "root-cert.pem", pluggedRoot));
        }

        var problems = new List<string>();
        foreach (var (key, cert) in certificates)
        {
            var label = $"{ca.Secret.Name}/{key}";
            outcome.Evidence(
                Show(ca.Secret.Name, root, key) + " -ext basicConstraints",
                $"{cert.Identity}: valid {cert.NotBefore:u} to {cert.NotAfter:u}, CA:{(cert.IsCa ? "TRUE" : "FALSE")}");
            if (cert.NotAfter < context.Now)
            {
                problems.Add($"{label} expired on {cert.NotAfter:yyyy-MM-dd}");
                outcome.Finding(Catalogue.CaExpired, ca.Secret.Reference, label, ca.Secret.Reference, cert.NotAfter);
            }
            else if (cert.NotBefore > context.Now)
            {
                problems.Add($"{label} is not valid before {cert.NotBefore:yyyy-MM-dd}");
                outcome.Finding(Catalogue.CaNotYetValid, ca.Secret.Reference, label, ca.Secret.Reference, cert.NotBefore);
            }
            else if (cert.NotAfter - context.Now < ExpiryWarning)
            {
                outcome.Finding(Catalogue.CaExpiresSoon, ca.Secret.Reference, label, ca.Secret.Reference, cert.NotAfter, (int)(cert.NotAfter - context.Now).TotalDays);
            }
            if (!cert.IsCa)
            {
                problems.Add($"{label} is not a CA certificate");
                outcome.Finding(Catalogue.CaNotCertificateAuthority, ca.Secret.Reference, label, ca.Secret.Reference);
            }
        }

        if (ca.Plugged)
        {
            if (ca.Root is null)
            {
                problems.Add($"{ca.Secret.Name} has no root certificate");
                outcome.Finding(Catalogue.CaChainBroken, ca.Secret.Reference, ca.Secret.Reference, ca.CertKey, "(missing)", "no root certificate in the secret");
            }
            else if (CertificateInfo.ChainError(ca.Certificate, ca.Chain, ca.Root) is { } error)
            {
                problems.Add($"{ca.Secret.Name}/{ca.CertKey} does not chain to its root");
                outcome.Evidence($"openssl verify -CAfile root-cert.pem -untrusted cert-chain.pem ca-cert.pem   # from secret {ca.Secret.Name} -n {root}", error)
                    .Finding(Catalogue.CaChainBroken, ca.Secret.Reference, ca.Secret.Reference, ca.CertKey, ca.Root.Identity, error);
            }
        }

        if (problems.Count == 0)
        {
            return outcome.RuledOut($"{ca.Describe} is valid until {ca.Certificate.NotAfter:yyyy-MM-dd} and chains to its root");
        }

        var replace = ca.Plugged ? $" Replace {ca.Secret.Name} with a valid CA first: restarting istiod only reloads it." : "";
        CaRestart.Propose(context, outcome, $"istiod must load a valid CA and re-issue workload certificates.{replace}");
        return outcome.Confirmed($"istiod's {ca.Describe} is broken: {string.Join("; ", problems)}{(replace.Length > 0 ? "." + replace.TrimEnd('.') : "")}");
    }

    // What an SRE runs to see one certificate entry of the CA Secret, as openssl reads it.
    private static string Show(string secret, string ns, string key) =>
        $"kubectl get secret {secret} -n {ns} -o jsonpath='{{.data.{key.Replace(".", "\\.", StringComparison.Ordinal)}}}' | base64 -d | openssl x509 -noout -subject -dates";
}
