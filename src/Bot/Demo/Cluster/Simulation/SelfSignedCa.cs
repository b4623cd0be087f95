using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// The self-signed root istiod generates when it has no usable CA: ECDSA P-256, CA:TRUE, ten years. Only the
/// certificate leaves this method; the key is dropped, so the demo cluster never holds key material.
/// </summary>
internal static class SelfSignedCa
{
    public static string CreatePem(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=istio-ca, O=cluster.local", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-1), now.AddYears(10));
        return certificate.ExportCertificatePem() + "\n";
    }
}
