using System.Text;
using MeshBot.Cluster.Kubernetes.Config;

namespace MeshBot.Cluster.Kubernetes.Auth;

/// <summary>Picks the credential source for an endpoint, in kubectl's order: exec plugin, client certificate, token, token file, basic auth.</summary>
public static class CredentialSources
{
    public static ICredentialSource For(ClusterEndpoint endpoint, TimeProvider time)
    {
        var certificate = ClientCertificate(endpoint);
        if (endpoint.Exec is { } exec)
        {
            return new ExecCredentialSource(exec, endpoint, time);
        }
        if (endpoint.Token is { Length: > 0 } token)
        {
            return new StaticCredentialSource(new Credential("Bearer " + token, certificate, null));
        }
        if (endpoint.TokenFile is { } file)
        {
            return certificate is null ? new TokenFileCredentialSource(file) : throw new KubernetesConfigException("a tokenFile together with a client certificate is not supported");
        }
        if (endpoint.Username is { } user)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{endpoint.Password}"));
            return new StaticCredentialSource(new Credential("Basic " + basic, certificate, null));
        }
        return new StaticCredentialSource(new Credential(null, certificate, null));
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate(ClusterEndpoint endpoint)
    {
        var cert = endpoint.ClientCertificateData ?? Read(endpoint.ClientCertificateFile, "client-certificate");
        var key = endpoint.ClientKeyData ?? Read(endpoint.ClientKeyFile, "client-key");
        if (cert is null && key is null)
        {
            return null;
        }
        if (cert is null || key is null)
        {
            throw new KubernetesConfigException($"{endpoint.Description}: a client certificate needs both the certificate and its key");
        }
        try
        {
            return ClientCertificates.FromPem(Encoding.UTF8.GetString(cert), Encoding.UTF8.GetString(key));
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new KubernetesConfigException($"{endpoint.Description}: the client certificate or key is not valid PEM ({e.Message})", e);
        }
    }

    private static byte[]? Read(string? path, string field) =>
        path is null ? null : File.Exists(path) ? File.ReadAllBytes(path) : throw new KubernetesConfigException($"{field} file {path} does not exist");
}
