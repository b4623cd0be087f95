using System.Security.Cryptography.X509Certificates;

namespace MeshBot.Cluster.Kubernetes.Auth;

/// <summary>What one request presents: an Authorization header value and/or a client certificate. Never logged.</summary>
public sealed record Credential(string? Authorization, X509Certificate2? ClientCertificate, DateTimeOffset? Expires)
{
    public static readonly Credential None = new(null, null, null);

    public override string ToString() => "Credential { redacted }";
}

/// <summary>Supplies the current credential; <see cref="Invalidate"/> after a 401 makes the next call fetch a fresh one.</summary>
public interface ICredentialSource
{
    ValueTask<Credential> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Drops <paramref name="rejected"/> if it is still the current credential. Concurrent requests rejected with the
    /// same old credential then cause one refresh, not one each.
    /// </summary>
    void Invalidate(Credential rejected);
}
