using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshBot.Bot.Demo.Scenarios;

public enum CertificateValidity
{
    Valid,
    Expired,
    Future,
}

/// <summary>A generated certificate and its key, as PEM.</summary>
public sealed record GeneratedCertificate(string Name, X509Certificate2 Certificate, string CertificatePem, string PrivateKeyPem);

/// <summary>
/// Real certificates for scenarios (demo clusters and test fixtures), made fresh on every run (ECDSA P-256): CAs with basicConstraints CA:TRUE,
/// leaves without, signed by a named issuer or self-signed, valid, expired or not yet valid relative to now.
/// </summary>
public static class ScenarioCertificates
{
    public static GeneratedCertificate Create(string name, bool isCa, CertificateValidity validity, GeneratedCertificate? issuer, DateTimeOffset now)
    {
        var (notBefore, notAfter) = validity switch
        {
            CertificateValidity.Expired => (now.AddDays(-400), now.AddDays(-5)),
            CertificateValidity.Future => (now.AddDays(10), now.AddDays(400)),
            _ => (now.AddDays(-30), now.AddDays(365)),
        };
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=MeshBot tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            isCa ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        X509Certificate2 certificate;
        if (issuer is null)
        {
            certificate = request.CreateSelfSigned(notBefore, notAfter);
        }
        else
        {
            // An issued certificate must lie within its issuer's validity, which CertificateRequest enforces.
            var from = notBefore < issuer.Certificate.NotBefore ? new DateTimeOffset(issuer.Certificate.NotBefore.ToUniversalTime()) : notBefore;
            var to = notAfter > issuer.Certificate.NotAfter ? new DateTimeOffset(issuer.Certificate.NotAfter.ToUniversalTime()) : notAfter;
            var serial = RandomNumberGenerator.GetBytes(12);
            using var issuerKey = issuer.Certificate.GetECDsaPrivateKey()!;
            certificate = request.Create(issuer.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), from, to, serial).CopyWithPrivateKey(key);
        }
        return new GeneratedCertificate(name, certificate, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
