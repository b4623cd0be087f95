namespace MeshBot.Cluster.Kubernetes.Auth;

/// <summary>
/// A token read from a file (kubeconfig <c>tokenFile</c>, the in-cluster projected token). The kubelet rotates
/// projected tokens in place, so the file is re-read whenever its write time changes or after a 401.
/// </summary>
internal sealed class TokenFileCredentialSource(string path) : ICredentialSource
{
    private readonly Lock _lock = new();
    private (DateTime Written, Credential Credential)? _current;

    public ValueTask<Credential> GetAsync(CancellationToken cancellationToken)
    {
        var written = File.GetLastWriteTimeUtc(path);
        lock (_lock)
        {
            if (_current is not { } current || current.Written != written)
            {
                var token = File.ReadAllText(path).Trim();
                if (token.Length == 0)
                {
                    throw new Config.KubernetesConfigException($"token file {path} is empty");
                }
                _current = current = (written, new Credential("Bearer " + token, null, null));
            }
            return ValueTask.FromResult(current.Credential);
        }
    }

    public void Invalidate(Credential rejected)
    {
        lock (_lock)
        {
            if (_current is { } current && ReferenceEquals(current.Credential, rejected))
            {
                _current = null;
            }
        }
    }
}
