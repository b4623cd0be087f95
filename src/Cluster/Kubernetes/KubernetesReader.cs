using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using MeshBot.Cluster.Json;
using MeshBot.Cluster.Kubernetes.Http;

namespace MeshBot.Cluster.Kubernetes;

/// <summary>Options of one list call; the client pages through <c>limit</c>/<c>continue</c> itself.</summary>
public sealed record ListOptions(string? Namespace = null, string? LabelSelector = null, string? FieldSelector = null);

/// <summary>
/// The read verbs, kubectl-named: list (all pages), get, logs. Custom resources are asked for at the first
/// version their group serves among the ones MeshBot knows (security.istio.io v1, then v1beta1…); a group the
/// server does not serve is <see cref="VersionNotServed"/> — "not installed", not an error.
/// </summary>
public sealed class KubernetesReader(KubernetesTransport transport, KubernetesClientOptions? options = null)
{
    private readonly int _pageSize = (options ?? new KubernetesClientOptions()).PageSize;
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> _servedVersions = new(StringComparer.Ordinal);

    public const string VersionNotServed = "";

    public KubernetesTransport Transport => transport;

    /// <summary>Every item of a kind (following <c>continue</c>), or null when the kind is not installed.</summary>
    public async Task<IReadOnlyList<JsonElement>?> ListAsync(ResourceKind kind, ListOptions list, CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(kind, cancellationToken).ConfigureAwait(false);
        if (version == VersionNotServed)
        {
            return null;
        }

        var items = new List<JsonElement>();
        string? next = null;
        do
        {
            var path = KubernetesPaths.Collection(kind, version, list.Namespace) + KubernetesPaths.Query(
                ("labelSelector", list.LabelSelector),
                ("fieldSelector", list.FieldSelector),
                ("limit", _pageSize.ToString(CultureInfo.InvariantCulture)),
                ("continue", next));
            var response = await transport.SendAsync(HttpMethod.Get, path, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (response.Status == HttpStatusCode.NotFound && items.Count == 0 && next is null)
            {
                return null; // a CRD removed since discovery, or a namespace that does not exist
            }
            var page = response.EnsureSuccess().Json();
            items.AddRange(page.Items("items"));
            next = page.Str("metadata", "continue");
        }
        while (!string.IsNullOrEmpty(next));
        return items;
    }

    /// <summary>One object, or null when it does not exist (or its kind is not installed).</summary>
    public async Task<JsonElement?> GetAsync(ResourceKind kind, string? ns, string name, CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(kind, cancellationToken).ConfigureAwait(false);
        if (version == VersionNotServed)
        {
            return null;
        }
        var response = await transport.SendAsync(HttpMethod.Get, KubernetesPaths.Item(kind, version, ns, name), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Status == HttpStatusCode.NotFound ? null : response.EnsureSuccess().Json();
    }

    /// <summary>A container's log, as <c>kubectl logs POD -c CONTAINER --tail=N [--since=S]</c> prints it.</summary>
    public async Task<string> LogsAsync(string ns, string pod, string container, int? tailLines = null, int? sinceSeconds = null, CancellationToken cancellationToken = default)
    {
        var path = KubernetesPaths.Item(ResourceKinds.Pod, "v1", ns, pod) + "/log" + KubernetesPaths.Query(
            ("container", container),
            ("tailLines", tailLines?.ToString(CultureInfo.InvariantCulture)),
            ("sinceSeconds", sinceSeconds?.ToString(CultureInfo.InvariantCulture)));
        var response = await transport.SendAsync(HttpMethod.Get, path, cancellationToken: cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(response.EnsureSuccess().Body);
    }

    /// <summary>
    /// The version to use for a kind: the first of its known versions the server serves. Built-in groups are
    /// asked for their first version directly; API groups are discovered once per reader.
    /// </summary>
    public async Task<string> VersionAsync(ResourceKind kind, CancellationToken cancellationToken)
    {
        if (kind.Group.Length == 0 || kind.Versions.Count == 1 && !IsCustom(kind))
        {
            return kind.Versions[0];
        }
        var discovery = _servedVersions.GetOrAdd(kind.Group, group => new Lazy<Task<IReadOnlyList<string>>>(() => DiscoverAsync(group, CancellationToken.None)));
        try
        {
            var served = await discovery.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            return kind.Versions.FirstOrDefault(served.Contains) ?? VersionNotServed;
        }
        catch (Exception) when (discovery.Value.IsFaulted)
        {
            _servedVersions.TryRemove(kind.Group, out _); // do not remember a transient failure
            throw;
        }
    }

    private async Task<IReadOnlyList<string>> DiscoverAsync(string group, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Get, $"/apis/{group}", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.NotFound)
        {
            return [];
        }
        return response.EnsureSuccess().Json().Items("versions").Select(v => v.Str("version")).OfType<string>().ToArray();
    }

    private static bool IsCustom(ResourceKind kind) => kind.Group.Contains(".istio.io", StringComparison.Ordinal) || kind.Group.EndsWith(".fluxcd.io", StringComparison.Ordinal);
}
