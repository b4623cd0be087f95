using System.Net;
using MeshBot.KubernetesEmulator;

namespace MeshBot.Deploy.Tests.Rbac;

/// <summary>
/// One request as the API server's authorizer sees it (its RequestInfo): a resource request (verb, API group,
/// resource, subresource, namespace, name) or a non-resource request (discovery paths such as <c>/apis/GROUP</c>).
/// As on the real server, a list or watch with <c>fieldSelector=metadata.name=X</c> carries X as its name, which is
/// what lets a <c>resourceNames</c> rule authorize it.
/// </summary>
public sealed record ApiCall(string Verb, bool IsResource, string Path, string Group = "", string Resource = "", string Subresource = "", string Namespace = "", string Name = "")
{
    public string ResourceWithSubresource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";

    public override string ToString() => IsResource
        ? $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{ResourceWithSubresource}{(Namespace.Length > 0 ? $" -n {Namespace}" : "")}{(Name.Length > 0 ? $" {Name}" : "")}"
        : $"{Verb} {Path}";

    public static ApiCall From(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = Query(request.Query);
        var watch = query.TryGetValue("watch", out var w) && w is "true" or "1";
        var parts = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new ApiCall(request.Method.ToLowerInvariant(), false, request.Path);
        if (parts.Length == 0 || parts[0] is not ("api" or "apis"))
        {
            return nonResource;
        }
        var (group, at) = parts[0] == "api" ? ("", 2) : (parts.Length > 1 ? parts[1] : "", 3);
        if (parts.Length <= at)
        {
            return nonResource; // /api, /api/v1, /apis, /apis/GROUP, /apis/GROUP/VERSION: discovery
        }
        var rest = parts[at..];
        var ns = "";
        if (rest[0] == "namespaces" && rest.Length > 2 && rest[2] is not ("status" or "finalize"))
        {
            ns = rest[1];
            rest = rest[2..];
        }
        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : "";
        var subresource = rest.Length > 2 ? string.Join('/', rest[2..]) : "";
        var verb = request.Method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => name.Length > 0 ? "get" : watch ? "watch" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length > 0 ? "delete" : "deletecollection",
            var other => other.ToLowerInvariant(),
        };
        if (verb is "list" or "watch" && query.TryGetValue("fieldSelector", out var selector) && selector.StartsWith("metadata.name=", StringComparison.Ordinal) && !selector.Contains(',', StringComparison.Ordinal))
        {
            name = selector["metadata.name=".Length..];
        }
        return new ApiCall(verb, true, request.Path, group, resource, subresource, ns, name);
    }

    private static Dictionary<string, string> Query(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .GroupBy(p => WebUtility.UrlDecode(p[0]), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => WebUtility.UrlDecode(g.First().ElementAtOrDefault(1) ?? ""), StringComparer.Ordinal);
}
