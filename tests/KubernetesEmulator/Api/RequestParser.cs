namespace MeshBot.KubernetesEmulator.Api;

/// <summary>
/// Classifies a path the way the API server's RequestInfoFactory does: <c>/api/v1/…</c> and <c>/apis/GROUP/VERSION/…</c>
/// are resource requests (optionally under <c>namespaces/NS</c>), with the verb from the method and whether a name is
/// present; anything else (discovery, <c>/version</c>, <c>/openapi</c>) is a non-resource request.
/// </summary>
internal static class RequestParser
{
    public static KubeRequest Parse(string method, string path, bool watch)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new KubeRequest(method, path, method.ToLowerInvariant(), false);
        if (parts.Length == 0 || parts[0] is not ("api" or "apis"))
        {
            return nonResource;
        }
        var (group, version, at) = parts[0] == "api"
            ? ("", parts.Length > 1 ? parts[1] : "", 2)
            : (parts.Length > 1 ? parts[1] : "", parts.Length > 2 ? parts[2] : "", 3);
        if (parts.Length <= at)
        {
            return nonResource;
        }

        var rest = parts[at..];
        var ns = "";
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = rest[1];
            // namespaces/NAME/status and /finalize are subresources of the namespace itself, not a namespaced resource.
            if (rest.Length > 2 && rest[2] is not ("status" or "finalize"))
            {
                rest = rest[2..];
            }
        }
        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : "";
        var subresource = rest.Length > 2 ? string.Join('/', rest[2..]) : "";
        var verb = method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => name.Length > 0 ? "get" : watch ? "watch" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length > 0 ? "delete" : "deletecollection",
            _ => method.ToLowerInvariant(),
        };
        return new KubeRequest(method, path, verb, true, group, version, resource, subresource, ns, name);
    }
}
