using System.Net;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Cluster.Sources;

namespace MeshBot.Cluster.Kubernetes;

/// <summary>
/// The live cluster as a cluster source: one cluster-wide list per kind (paged), never one request per pod.
/// Least privilege shapes two kinds: Secrets are fetched by name (<c>istio-ca-secret</c>, <c>cacerts</c> in the
/// root namespace) and ConfigMaps by field selector (<c>istio-ca-root-cert</c> only). A kind the credentials may
/// not read is <see cref="ReadStatus.Forbidden"/> with the server's message, so the diagnosis continues with
/// what it may read; a CRD that is not installed is <see cref="ReadStatus.NotInstalled"/>.
/// </summary>
public sealed class KubernetesApiSource(KubernetesReader reader, string rootNamespace) : IClusterSource
{
    public string Description => reader.Transport.Endpoint.Description;

    public async Task<ListResult> ListAsync(ResourceKind kind, CancellationToken cancellationToken)
    {
        try
        {
            if (kind == ResourceKinds.Secret)
            {
                return await CaSecretsAsync(cancellationToken).ConfigureAwait(false);
            }
            var list = kind == ResourceKinds.ConfigMap ? new ListOptions(FieldSelector: $"metadata.name={ConfigMap.IstioRootCertName}") : new ListOptions();
            var items = await reader.ListAsync(kind, list, cancellationToken).ConfigureAwait(false);
            return items is null
                ? ListResult.NotInstalled(kind, $"{kind} is not served by this cluster")
                : new ListResult(kind, ReadStatus.Ok, items.Select(i => KubeObjectFactory.Create(kind, i)).ToArray());
        }
        catch (KubernetesApiException e) when (e.Status == HttpStatusCode.Forbidden)
        {
            return new ListResult(kind, ReadStatus.Forbidden, [], e.Message);
        }
    }

    public async Task<LogResult> ReadLogAsync(ContainerRef container, int tailLines, CancellationToken cancellationToken)
    {
        try
        {
            var text = await reader.LogsAsync(container.Namespace, container.Pod, container.Container, tailLines, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new LogResult(container, ReadStatus.Ok, text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        catch (KubernetesApiException e) when (e.Status is HttpStatusCode.Forbidden)
        {
            return new LogResult(container, ReadStatus.Forbidden, [], e.Message);
        }
        catch (KubernetesApiException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            return new LogResult(container, ReadStatus.NotInstalled, [], e.Message);
        }
    }

    private async Task<ListResult> CaSecretsAsync(CancellationToken cancellationToken)
    {
        var secrets = new List<KubeObject>();
        string? forbidden = null;
        foreach (var name in new[] { Secret.IstioCaSecretName, Secret.PluggedCaSecretName })
        {
            try
            {
                if (await reader.GetAsync(ResourceKinds.Secret, rootNamespace, name, cancellationToken).ConfigureAwait(false) is { } secret)
                {
                    secrets.Add(KubeObjectFactory.Create(ResourceKinds.Secret, secret));
                }
            }
            catch (KubernetesApiException e) when (e.Status == HttpStatusCode.Forbidden)
            {
                forbidden ??= e.Message;
            }
        }
        return secrets.Count == 0 && forbidden is not null
            ? new ListResult(ResourceKinds.Secret, ReadStatus.Forbidden, [], forbidden)
            : new ListResult(ResourceKinds.Secret, ReadStatus.Ok, secrets);
    }
}
