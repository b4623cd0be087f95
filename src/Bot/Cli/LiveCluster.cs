using MeshBot.Cluster.Kubernetes;
using MeshBot.Cluster.Kubernetes.Config;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Bot.Cli;

/// <summary>
/// A connection to a live cluster, chosen as DESIGN.md says: an explicit <c>--kubeconfig</c>/<c>--context</c> (or
/// <c>MeshBot:Kubernetes:Kubeconfig</c>/<c>Context</c>); else the pod's service account when running in a pod (or
/// <c>MeshBot:Kubernetes:InCluster</c>); else <c>$KUBECONFIG</c> or <c>~/.kube/config</c>.
/// </summary>
internal sealed class LiveCluster : IDisposable
{
    /// <summary>The order of <see cref="Connect"/>, as every command's help says it.</summary>
    public const string Order = "without it: MeshBot:Kubernetes:Kubeconfig, else the pod's service account in a pod (or with MeshBot:Kubernetes:InCluster=true), else $KUBECONFIG, else ~/.kube/config";

    private LiveCluster(KubernetesTransport transport, MeshOptions mesh)
    {
        Transport = transport;
        Reader = new KubernetesReader(transport);
        Source = new KubernetesApiSource(Reader, mesh.RootNamespace);
    }

    public KubernetesTransport Transport { get; }

    public KubernetesReader Reader { get; }

    public KubernetesApiSource Source { get; }

    public static LiveCluster Connect(string? kubeconfig, string? context, IConfiguration configuration, MeshOptions mesh)
    {
        var section = configuration.GetSection("MeshBot:Kubernetes");
        kubeconfig = NullIfEmpty(kubeconfig) ?? NullIfEmpty(section["Kubeconfig"]);
        context = NullIfEmpty(context) ?? NullIfEmpty(section["Context"]);
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        var inCluster = bool.TryParse(section["InCluster"], out var configured) && configured;

        var endpoint = kubeconfig is null && context is null && (inCluster || InClusterConfig.IsAvailable(env))
            ? InClusterConfig.Load(env)
            : KubeconfigLoader.Load(kubeconfig, context, env);
        return new LiveCluster(new KubernetesTransport(endpoint), mesh);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public void Dispose() => Transport.Dispose();
}
