using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MeshBot.Cluster.Kubernetes.Config;

namespace MeshBot.Cluster.Kubernetes.Http;

/// <summary>
/// Server certificate validation as kubectl does it: against the kubeconfig's certificate authority when one is
/// given (and only that CA), else the system roots; the host name always checked unless
/// <c>insecure-skip-tls-verify</c>.
/// </summary>
internal static class TlsValidation
{
    public static RemoteCertificateValidationCallback For(ClusterEndpoint endpoint)
    {
        if (endpoint.InsecureSkipTlsVerify)
        {
            return (_, _, _, _) => true;
        }
        var authority = endpoint.CertificateAuthorityData
            ?? (endpoint.CertificateAuthorityFile is { } file
                ? File.Exists(file) ? File.ReadAllBytes(file) : throw new KubernetesConfigException($"certificate-authority file {file} does not exist")
                : null);
        if (authority is null)
        {
            return (_, _, _, errors) => errors == SslPolicyErrors.None;
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(System.Text.Encoding.UTF8.GetString(authority));
        if (roots.Count == 0)
        {
            throw new KubernetesConfigException($"{endpoint.Description}: the certificate authority holds no PEM certificate");
        }
        return (_, certificate, chain, errors) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            {
                return false;
            }
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements.Skip(1))
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
            return custom.Build(new X509Certificate2(certificate));
        };
    }
}
