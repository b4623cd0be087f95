namespace MeshBot.Cluster.Kubernetes.Config;

/// <summary>A kubeconfig <c>user.exec</c> credential plugin (client.authentication.k8s.io ExecCredential).</summary>
public sealed record ExecConfig(
    string Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    string ApiVersion,
    bool ProvideClusterInfo,
    string? InstallHint);
