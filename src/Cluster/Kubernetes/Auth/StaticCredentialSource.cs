namespace MeshBot.Cluster.Kubernetes.Auth;

/// <summary>A bearer token, basic auth or client certificate written into the kubeconfig.</summary>
internal sealed class StaticCredentialSource(Credential credential) : ICredentialSource
{
    public ValueTask<Credential> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credential);

    public void Invalidate(Credential rejected)
    {
    }
}
