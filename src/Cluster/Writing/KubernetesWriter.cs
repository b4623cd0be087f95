using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Cluster;
using MeshBot.Cluster.Kubernetes;
using MeshBot.Cluster.Kubernetes.Http;

namespace MeshBot.Cluster.Writing;

/// <summary>
/// The write verbs remediation uses, over the same transport as the reads: create, patch (merge, strategic merge,
/// JSON), delete, rollout restart the way kubectl does it, and read-modify-write with optimistic concurrency.
/// Every verb takes <c>dryRun</c>, sent as <c>?dryRun=All</c> (and in DeleteOptions for deletes), so a plan can
/// be validated by the server before anything is applied.
/// </summary>
public sealed class KubernetesWriter(KubernetesReader reader) : IClusterWriter
{
    public Task<JsonElement?> GetAsync(ResourceKind kind, string? ns, string name, CancellationToken cancellationToken = default) =>
        reader.GetAsync(kind, ns, name, cancellationToken);

    private const int ConflictRetries = 3;

    public async Task<JsonElement> CreateAsync(ResourceKind kind, string? ns, JsonObject body, bool dryRun, CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(kind, cancellationToken).ConfigureAwait(false);
        body["apiVersion"] ??= kind.Group.Length == 0 ? version : $"{kind.Group}/{version}";
        body["kind"] ??= kind.Kind;
        var path = KubernetesPaths.Collection(kind, version, ns) + DryRun(dryRun);
        return await SendAsync(HttpMethod.Post, path, body.ToJsonString(), "application/json", cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> PatchAsync(ResourceKind kind, string? ns, string name, PatchType type, string patch, bool dryRun, CancellationToken cancellationToken = default)
    {
        if (type == PatchType.StrategicMerge && kind.Group.Contains('.', StringComparison.Ordinal) && !kind.Group.EndsWith(".k8s.io", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{kind} is a custom resource: it takes a merge or JSON patch, not a strategic merge patch");
        }
        var version = await VersionAsync(kind, cancellationToken).ConfigureAwait(false);
        var path = KubernetesPaths.Item(kind, version, ns, name) + DryRun(dryRun);
        return await SendAsync(HttpMethod.Patch, path, patch, ContentType(type), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(ResourceKind kind, string? ns, string name, bool dryRun, CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(kind, cancellationToken).ConfigureAwait(false);
        var options = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "DeleteOptions" };
        if (dryRun)
        {
            options["dryRun"] = new JsonArray("All");
        }
        await SendAsync(HttpMethod.Delete, KubernetesPaths.Item(kind, version, ns, name) + DryRun(dryRun), options.ToJsonString(), "application/json", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>kubectl rollout restart</c>: a strategic merge patch of the pod template's
    /// <c>kubectl.kubernetes.io/restartedAt</c> annotation, which the controller rolls out like any template change.
    /// </summary>
    public Task<JsonElement> RolloutRestartAsync(ResourceKind kind, string ns, string name, DateTimeOffset at, bool dryRun, CancellationToken cancellationToken = default)
    {
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["annotations"] = new JsonObject { ["kubectl.kubernetes.io/restartedAt"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) },
                    },
                },
            },
        };
        return PatchAsync(kind, ns, name, PatchType.StrategicMerge, patch.ToJsonString(), dryRun, cancellationToken);
    }

    /// <summary>
    /// Read, change, write back with the read <c>resourceVersion</c>; if someone else wrote in between (409
    /// Conflict), read again and retry. <paramref name="mutate"/> returns false when nothing needs changing.
    /// </summary>
    public async Task<JsonElement?> UpdateAsync(ResourceKind kind, string? ns, string name, Func<JsonObject, bool> mutate, bool dryRun, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await reader.GetAsync(kind, ns, name, cancellationToken).ConfigureAwait(false)
                ?? throw new KubernetesApiException(HttpStatusCode.NotFound, "NotFound", $"404 NotFound: {kind.Plural} \"{name}\" not found");
            var body = JsonNode.Parse(current.GetRawText())!.AsObject();
            if (!mutate(body))
            {
                return null;
            }
            var version = await VersionAsync(kind, cancellationToken).ConfigureAwait(false);
            try
            {
                return await SendAsync(HttpMethod.Put, KubernetesPaths.Item(kind, version, ns, name) + DryRun(dryRun), body.ToJsonString(), "application/json", cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when (e.Status == HttpStatusCode.Conflict && attempt < ConflictRetries)
            {
                // someone else changed the object since we read it: read it again
            }
        }
    }

    private async Task<string> VersionAsync(ResourceKind kind, CancellationToken cancellationToken)
    {
        var version = await reader.VersionAsync(kind, cancellationToken).ConfigureAwait(false);
        return version == KubernetesReader.VersionNotServed
            ? throw new KubernetesApiException(HttpStatusCode.NotFound, "NotFound", $"404 NotFound: {kind} is not served by this cluster (is its CRD installed?)")
            : version;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string body, string contentType, CancellationToken cancellationToken)
    {
        var response = await reader.Transport.SendAsync(method, path, () =>
        {
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            return content;
        }, cancellationToken).ConfigureAwait(false);
        return response.EnsureSuccess().Json();
    }

    private static string DryRun(bool dryRun) => dryRun ? "?dryRun=All" : "";

    private static string ContentType(PatchType type) => type switch
    {
        PatchType.Merge => "application/merge-patch+json",
        PatchType.StrategicMerge => "application/strategic-merge-patch+json",
        _ => "application/json-patch+json",
    };
}
