using MeshBot.Cluster.Kubernetes;
using MeshBot.Cluster.Kubernetes.Config;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.KubernetesEmulator;

namespace MeshBot.Cluster.Tests.Kubernetes;

/// <summary>A MeshBot client connected to an emulator through a real kubeconfig file, over real TLS.</summary>
internal sealed class EmulatorConnection : IDisposable
{
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"meshbot-kubeconfig-{Guid.NewGuid():N}");

    public EmulatorConnection(KubernetesEmulator.KubernetesEmulator emulator, EmulatorCredential credential, KubernetesClientOptions? options = null, string? kubeconfigText = null)
    {
        if (kubeconfigText is null)
        {
            emulator.WriteKubeconfig(_kubeconfig, credential);
        }
        else
        {
            File.WriteAllText(_kubeconfig, kubeconfigText);
        }
        Endpoint = KubeconfigLoader.Load(_kubeconfig, null, new Dictionary<string, string?>());
        Transport = new KubernetesTransport(Endpoint, options ?? Fast);
        Reader = new KubernetesReader(Transport, options ?? Fast);
        Source = new KubernetesApiSource(Reader, "istio-system");
    }

    /// <summary>Short delays so fault tests stay fast; the retry logic is the same.</summary>
    public static readonly KubernetesClientOptions Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(20), RequestTimeout = TimeSpan.FromSeconds(5) };

    public ClusterEndpoint Endpoint { get; }

    public KubernetesTransport Transport { get; }

    public KubernetesReader Reader { get; }

    public KubernetesApiSource Source { get; }

    public void Dispose()
    {
        Transport.Dispose();
        File.Delete(_kubeconfig);
    }
}
