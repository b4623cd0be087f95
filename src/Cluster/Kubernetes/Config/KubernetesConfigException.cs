namespace MeshBot.Cluster.Kubernetes.Config;

/// <summary>A kubeconfig or in-cluster configuration that cannot be used; the message names the file, context or field.</summary>
public sealed class KubernetesConfigException(string message, Exception? inner = null) : Exception(message, inner);
