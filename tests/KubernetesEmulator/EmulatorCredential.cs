using System.Security.Cryptography.X509Certificates;

namespace MeshBot.KubernetesEmulator;

/// <summary>How a client authenticates to the emulator: a bearer token, a client certificate, or nothing.</summary>
public abstract record EmulatorCredential
{
    private protected EmulatorCredential()
    {
    }

    public static EmulatorCredential None { get; } = new NoCredential();

    public static EmulatorCredential Token(string token) => new TokenCredential(token);

    public static EmulatorCredential Certificate(string certificatePem, string privateKeyPem) => new CertificateCredential(certificatePem, privateKeyPem);

    /// <summary>The user name a kubeconfig lists this credential under.</summary>
    internal abstract string UserEntryName { get; }

    internal sealed record NoCredential : EmulatorCredential
    {
        internal override string UserEntryName => "anonymous";
    }

    internal sealed record TokenCredential(string Value) : EmulatorCredential
    {
        internal override string UserEntryName => "token-user";
    }

    internal sealed record CertificateCredential(string CertificatePem, string PrivateKeyPem) : EmulatorCredential
    {
        internal override string UserEntryName => "certificate-user";

        public X509Certificate2 ToX509()
        {
            // Re-import through PKCS#12 so the key is usable by SslStream on every platform.
            using var ephemeral = X509Certificate2.CreateFromPem(CertificatePem, PrivateKeyPem);
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
    }
}

/// <summary>A client certificate and key signed by the emulator's CA (CN = user, O = groups).</summary>
public sealed record IssuedClientCertificate(string User, IReadOnlyList<string> Groups, string CertificatePem, string PrivateKeyPem)
{
    public EmulatorCredential Credential => EmulatorCredential.Certificate(CertificatePem, PrivateKeyPem);
}
