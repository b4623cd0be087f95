using System.Security.Cryptography.X509Certificates;

namespace MeshBot.Cluster.Kubernetes.Auth;

internal static class ClientCertificates
{
    /// <summary>
    /// A certificate with its private key from PEM. Re-exported as PKCS#12 because, on Linux, TLS client
    /// authentication needs a key that is not ephemeral.
    /// </summary>
    public static X509Certificate2 FromPem(string certificatePem, string keyPem)
    {
        using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
