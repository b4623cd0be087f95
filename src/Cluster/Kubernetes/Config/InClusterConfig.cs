namespace MeshBot.Cluster.Kubernetes.Config;

/// <summary>
/// The pod's service account: <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c>, and the token, CA and namespace
/// mounted at <c>/var/run/secrets/kubernetes.io/serviceaccount</c>. The token is kept as a file so a
/// rotated (projected) token is re-read.
/// </summary>
public static class InClusterConfig
{
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static bool IsAvailable(IReadOnlyDictionary<string, string?> env, string directory = DefaultDirectory) =>
        !string.IsNullOrEmpty(env.GetValueOrDefault("KUBERNETES_SERVICE_HOST")) && File.Exists(Path.Combine(directory, "token"));

    public static ClusterEndpoint Load(IReadOnlyDictionary<string, string?> env, string directory = DefaultDirectory)
    {
        var host = env.GetValueOrDefault("KUBERNETES_SERVICE_HOST");
        var port = env.GetValueOrDefault("KUBERNETES_SERVICE_PORT") ?? "443";
        if (string.IsNullOrEmpty(host))
        {
            throw new KubernetesConfigException("not running in a pod: KUBERNETES_SERVICE_HOST is not set");
        }
        var token = Path.Combine(directory, "token");
        if (!File.Exists(token))
        {
            throw new KubernetesConfigException($"no service account token at {token}");
        }
        var ca = Path.Combine(directory, "ca.crt");
        var ns = Path.Combine(directory, "namespace");
        var authority = host.Contains(':') ? $"[{host}]" : host; // IPv6 literal
        return new ClusterEndpoint
        {
            Server = new Uri($"https://{authority}:{port}"),
            Description = "in-cluster service account",
            CertificateAuthorityFile = File.Exists(ca) ? ca : null,
            TokenFile = token,
            Namespace = File.Exists(ns) ? File.ReadAllText(ns).Trim() : null,
        };
    }
}
