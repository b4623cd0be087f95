using MeshBot.KubernetesEmulator.Api;
using Microsoft.AspNetCore.Http;

namespace MeshBot.KubernetesEmulator.Discovery;

/// <summary>
/// Answers the non-resource paths: <c>/version</c>, health checks, and discovery (aggregated when the Accept header asks
/// for it, legacy otherwise), and the minimal OpenAPI v3 of <see cref="OpenApiDocuments"/> (there is no OpenAPI v2).
/// Unknown groups and versions are 404, which is how an absent CRD looks.
/// </summary>
internal sealed class DiscoveryHandler(ResourceCatalog catalog, EmulatorOptions options)
{
    public Task HandleAsync(HttpContext context, KubeRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            throw StatusErrors.NoSuchPath();
        }
        var parts = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var aggregated = Negotiation.AggregatedDiscoveryVersion(context.Request);
        context.Response.Headers.Vary = "Accept";
        return parts switch
        {
            ["version"] => Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.Version(options.KubernetesVersion)),
            ["healthz" or "readyz" or "livez"] => Responses.WriteTextAsync(context, "ok"),
            ["api"] when aggregated is not null => WriteAggregated(context, core: true, aggregated),
            ["api"] => Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.CoreVersions($"{context.Connection.LocalIpAddress}:{context.Connection.LocalPort}")),
            ["apis"] when aggregated is not null => WriteAggregated(context, core: false, aggregated),
            ["apis"] => Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.GroupList(catalog)),
            ["api", "v1"] => Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.ResourceList(catalog, "", "v1")),
            ["apis", var group] when catalog.Groups().FirstOrDefault(g => g.Group == group) is { Versions: not null } found =>
                Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.Group(found.Group, found.Versions)),
            ["apis", var group, var version] when catalog.Serves(group, version) =>
                Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.ResourceList(catalog, group, version)),
            ["openapi", "v3"] => Responses.WriteJsonAsync(context, 200, OpenApiDocuments.Root(catalog)),
            ["openapi", "v3", "api", var version] when OpenApiDocuments.GroupVersion(catalog, "", version) is { } document =>
                Responses.WriteJsonAsync(context, 200, document),
            ["openapi", "v3", "apis", var group, var version] when OpenApiDocuments.GroupVersion(catalog, group, version) is { } document =>
                Responses.WriteJsonAsync(context, 200, document),
            _ => throw StatusErrors.NoSuchPath(),
        };
    }

    private Task WriteAggregated(HttpContext context, bool core, string version) =>
        Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.Aggregated(catalog, core, version),
            $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList");
}
