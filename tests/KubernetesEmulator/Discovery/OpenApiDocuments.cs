using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MeshBot.KubernetesEmulator.Discovery;

/// <summary>
/// A minimal OpenAPI v3: the root lists one document per group version, and each document holds, per resource, the
/// object path with a PATCH operation tagged <c>x-kubernetes-group-version-kind</c> and the query parameters the server
/// honours. That is what kubectl probes to learn that the server validates fields itself (<c>fieldValidation</c>), so
/// <c>create -f</c>, <c>apply</c> and <c>replace</c> skip client-side schema validation. There are no schemas, so
/// <c>kubectl explain</c> has nothing to show.
/// </summary>
internal static class OpenApiDocuments
{
    private static readonly string[] QueryParameters = ["dryRun", "fieldManager", "fieldValidation", "force", "pretty"];

    public static JsonObject Root(ResourceCatalog catalog)
    {
        var paths = new JsonObject();
        foreach (var (group, versions) in catalog.Groups())
        {
            foreach (var version in versions)
            {
                var key = Key(group, version);
                var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(GroupVersion(catalog, group, version)!.ToJsonString())))[..32];
                paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
            }
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group version, or null when it is not served.</summary>
    public static JsonObject? GroupVersion(ResourceCatalog catalog, string group, string version)
    {
        var types = catalog.Types.Where(t => t.Group == group && t.Versions.Contains(version) && t.Verbs == ResourceVerbs.Standard).ToList();
        if (!catalog.Serves(group, version))
        {
            return null;
        }
        var paths = new JsonObject();
        foreach (var type in types)
        {
            var prefix = "/" + Key(group, version) + (type.Namespaced ? "/namespaces/{namespace}/" : "/") + type.Plural + "/{name}";
            paths[prefix] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{type.Kind}",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = type.Kind },
                    ["parameters"] = new JsonArray(QueryParameters.Select(p => (JsonNode?)new JsonObject
                    {
                        ["name"] = p,
                        ["in"] = "query",
                        ["schema"] = new JsonObject { ["type"] = p == "force" ? "boolean" : "string" },
                    }).ToArray()),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "unversioned" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static string Key(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
}
