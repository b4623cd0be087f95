namespace MeshBot.Cluster.Kubernetes.Config;

/// <summary>
/// Everything needed to talk to one API server as one user, resolved from a kubeconfig context or the
/// in-cluster service account. File references are kept as paths so rotating files are re-read.
/// </summary>
public sealed record ClusterEndpoint
{
    public required Uri Server { get; init; }

    /// <summary>Where the configuration came from, for messages ("context prod in ~/.kube/config").</summary>
    public required string Description { get; init; }

    public byte[]? CertificateAuthorityData { get; init; }
    public string? CertificateAuthorityFile { get; init; }
    public bool InsecureSkipTlsVerify { get; init; }
    public string? TlsServerName { get; init; }

    public string? Token { get; init; }
    public string? TokenFile { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public byte[]? ClientCertificateData { get; init; }
    public string? ClientCertificateFile { get; init; }
    public byte[]? ClientKeyData { get; init; }
    public string? ClientKeyFile { get; init; }
    public ExecConfig? Exec { get; init; }

    /// <summary>The namespace of the context (or of the service account in a pod).</summary>
    public string? Namespace { get; init; }
}
