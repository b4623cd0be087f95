using MeshBot.Diagnosis.Cluster;
using MeshBot.Diagnosis.Cluster.Kinds;

namespace MeshBot.Diagnosis.Certificates;

/// <summary>
/// The CA istiod signs with, as istiod picks it (reference §5.1): a complete plugged-in <c>cacerts</c>
/// (istiod or kubernetes.io/tls key layout) unless it carries the <c>istio-generated</c> marker, else the
/// self-signed <c>istio-ca-secret</c>.
/// </summary>
public sealed record IstioCa(Secret Secret, string CertKey, CertificateInfo Certificate, CertificateInfo? Root, IReadOnlyList<CertificateInfo> Chain, bool Plugged)
{
    public string Describe => Plugged ? $"plugged-in CA {Secret.Reference}" : $"self-signed CA {Secret.Reference}";

    public static IstioCa? Find(KindIndex<Secret> secrets, string rootNamespace)
    {
        if (secrets.Get(rootNamespace, Secret.PluggedCaSecretName) is { } plugged && !plugged.Has("istio-generated"))
        {
            var (certKey, rootKey, chainKey) = plugged.Certificates.ContainsKey("tls.crt")
                ? ("tls.crt", "ca.crt", "tls.crt")
                : ("ca-cert.pem", "root-cert.pem", "cert-chain.pem");
            if (First(plugged, certKey) is { } cert)
            {
                return new IstioCa(plugged, certKey, cert, First(plugged, rootKey), All(plugged, chainKey), Plugged: true);
            }
        }

        foreach (var name in new[] { Secret.PluggedCaSecretName, Secret.IstioCaSecretName })
        {
            if (secrets.Get(rootNamespace, name) is { } selfSigned && First(selfSigned, "ca-cert.pem") is { } cert
                && (name == Secret.IstioCaSecretName || selfSigned.Has("istio-generated")))
            {
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
