using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshBot.KubernetesEmulator.Security;

/// <summary>
/// The emulator's own cluster CA (ECDSA P-256, made fresh per emulator), which signs the serving certificate
/// (SAN IP 127.0.0.1, DNS localhost) and client certificates (CN = user, O = groups), as a kubeadm cluster CA does.
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid OrganizationOid = new("2.5.4.10");

    private readonly TimeProvider _clock;

    private CertificateAuthority(X509Certificate2 certificate, TimeProvider clock)
    {
        Certificate = certificate;
        _clock = clock;
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    public static CertificateAuthority Create(TimeProvider clock)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubernetes-emulator-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = clock.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        return new CertificateAuthority(Reimport(created), clock);
    }

    public X509Certificate2 IssueServerCertificate()
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        return Issue(new X500DistinguishedName("CN=kube-apiserver"), ServerAuth, san.Build());
    }

    public IssuedClientCertificate IssueClientCertificate(string user, IReadOnlyList<string> groups)
    {
        var name = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
        {
            name.AddOrganizationName(group);
        }
        name.AddCommonName(user);
        using var certificate = Issue(name.Build(), ClientAuth, null);
        using var key = certificate.GetECDsaPrivateKey()!;
        return new IssuedClientCertificate(user, groups, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The user a client certificate names, when it chains to this CA, is valid now and allows client auth.</summary>
    public EmulatorUser? Authenticate(X509Certificate2 presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _clock.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuth);
        if (!chain.Build(presented))
        {
            return null;
        }
        var user = presented.GetNameInfo(X509NameType.SimpleName, false);
        return string.IsNullOrEmpty(user) ? null : new EmulatorUser(user, Organizations(presented.SubjectName));
    }

    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(X500DistinguishedName subject, Oid usage, X509Extension? san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(
            Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().First()));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }
        var now = _clock.GetUtcNow();
        using var issuerKey = Certificate.GetECDsaPrivateKey()!;
        using var signed = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), now.AddHours(-1), now.AddYears(1), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(key);
        return Reimport(withKey);
    }

    // SslStream wants a key it can use on every platform; an ephemeral CNG/OpenSSL key round-trips through PKCS#12.
    private static X509Certificate2 Reimport(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);

    private static List<string> Organizations(X500DistinguishedName name)
    {
        var groups = new List<string>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == OrganizationOid.Value && rdn.GetSingleElementValue() is { } value)
            {
                groups.Add(value);
            }
        }
        return groups;
    }
}
