using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Certificates;

/// <summary>
/// The CA istiod signs with, as istiod picks it (reference §5.1): a complete plugged-in <c>cacerts</c>
/// (istiod or kubernetes.io/tls key layout) unless it carries the <c>istio-generated</c> marker, else the
/// self-signed <c>istio-ca-secret</c>. A Secret istiod would load whose certificate entries cannot be read is
/// <see cref="UnreadableCa"/>: istiod would not fall back to another, so neither does the lookup.
/// </summary>
public sealed record IstioCa(Secret Secret, string CertKey, CertificateInfo Certificate, CertificateInfo? Root, IReadOnlyList<CertificateInfo> Chain, bool Plugged)
{
    public string Describe => Plugged ? $"plugged-in CA {Secret.Reference}" : $"self-signed CA {Secret.Reference}";

    public static IstioCa? Find(KindIndex<Secret> secrets, string rootNamespace) => Find(secrets, rootNamespace, out _);

    /// <summary>The CA, or null with <paramref name="unreadable"/> set when the Secret istiod would load cannot be read.</summary>
    public static IstioCa? Find(KindIndex<Secret> secrets, string rootNamespace, out UnreadableCa? unreadable)
    {
        unreadable = null;
        if (secrets.Get(rootNamespace, Secret.PluggedCaSecretName) is { } plugged && !plugged.Has("istio-generated"))
        {
            var (certKey, rootKey, chainKey) = plugged.Has("tls.crt")
                ? ("tls.crt", "ca.crt", "tls.crt")
                : ("ca-cert.pem", "root-cert.pem", "cert-chain.pem");
            if (plugged.Has(certKey))
            {
                unreadable = UnreadableCa.Of(plugged, certKey, rootKey, chainKey);
                return unreadable is null
                    ? new IstioCa(plugged, certKey, First(plugged, certKey)!, First(plugged, rootKey), All(plugged, chainKey), Plugged: true)
                    : null;
            }
        }

        foreach (var name in new[] { Secret.PluggedCaSecretName, Secret.IstioCaSecretName })
        {
            if (secrets.Get(rootNamespace, name) is { } selfSigned && selfSigned.Has("ca-cert.pem")
                && (name == Secret.IstioCaSecretName || selfSigned.Has("istio-generated")))
            {
                unreadable = UnreadableCa.Of(selfSigned, "ca-cert.pem");
                if (unreadable is not null)
                {
                    return null;
                }
                var cert = First(selfSigned, "ca-cert.pem")!;
                return new IstioCa(selfSigned, "ca-cert.pem", cert, cert, [], Plugged: false);
            }
        }
        return null;
    }

    private static CertificateInfo? First(Secret secret, string key) =>
        secret.Certificates.TryGetValue(key, out var pem) ? CertificateInfo.ParseAll(pem).FirstOrDefault() : null;

    private static IReadOnlyList<CertificateInfo> All(Secret secret, string key) =>
        secret.Certificates.TryGetValue(key, out var pem) ? CertificateInfo.ParseAll(pem) : [];
}

/// <summary>A CA Secret istiod would load, whose certificate entries cannot be read: which, and why — never what they hold.</summary>
public sealed record UnreadableCa(Secret Secret, IReadOnlyList<(string Key, string Why)> Entries)
{
    public string Describe => $"{Secret.Reference} is present, but {string.Join("; ", Entries.Select(e => $"{e.Key} {e.Why}"))}";

    /// <summary>The entries of <paramref name="secret"/> that cannot be trusted; the first is the CA certificate, the others count only when not empty.</summary>
    internal static UnreadableCa? Of(Secret secret, string certKey, params string[] others)
    {
        var entries = others.Prepend(certKey).Distinct()
            .Where(secret.Has)
            .Select(key => (Key: key, Why: Why(secret, key)))
            .Where(e => e.Why is not null && (e.Key == certKey || e.Why != "is empty"))
            .Select(e => (e.Key, e.Why!))
            .ToArray();
        return entries.Length == 0 ? null : new UnreadableCa(secret, entries);
    }

    private static string? Why(Secret secret, string key)
    {
        if (!secret.Certificates.TryGetValue(key, out var pem))
        {
            return secret.WhyNoCertificate(key);
        }
        CertificateInfo.ParseAll(pem, out var error);
        return error is null ? null : $"holds a CERTIFICATE block that does not parse ({error})";
    }
}
