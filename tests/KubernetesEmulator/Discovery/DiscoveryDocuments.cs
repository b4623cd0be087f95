using System.Text.Json.Nodes;

namespace MeshBot.KubernetesEmulator.Discovery;

/// <summary>
/// The discovery documents: the legacy ones (APIVersions at /api, APIGroupList at /apis, APIGroup, APIResourceList per
/// group version) and aggregated discovery (APIGroupDiscoveryList, apidiscovery.k8s.io v2 or v2beta1), which lets
/// kubectl learn every resource in two requests.
/// </summary>
internal static class DiscoveryDocuments
{
    public static JsonObject Version(string version)
    {
        var parts = version.Split('.');
        return new JsonObject
        {
            ["major"] = parts[0],
            ["minor"] = parts.Length > 1 ? parts[1] : "0",
            ["gitVersion"] = "v" + version,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2025-04-22T00:00:00Z",
            ["goVersion"] = "go1.23.6",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ResourceCatalog catalog) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(catalog.Groups().Where(g => g.Group.Length > 0).Select(g => (JsonNode?)Group(g.Group, g.Versions)).ToArray()),
    };

    public static JsonObject Group(string group, IReadOnlyList<string> versions) => new()
    {
        ["kind"] = "APIGroup",
        ["apiVersion"] = "v1",
        ["name"] = group,
        ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)GroupVersion(group, v)).ToArray()),
        ["preferredVersion"] = GroupVersion(group, versions[0]),
    };

    public static JsonObject ResourceList(ResourceCatalog catalog, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var type in catalog.Types.Where(t => t.Group == group && t.Versions.Contains(version)))
        {
            var entry = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = Strings(type.VerbList),
            };
            if (type.ShortNames.Count > 0)
            {
                entry["shortNames"] = Strings(type.ShortNames);
            }
            if (type.Categories.Count > 0)
            {
                entry["categories"] = Strings(type.Categories);
            }
            resources.Add(entry);
            foreach (var sub in type.Subresources)
            {
                var subEntry = new JsonObject { ["name"] = $"{type.Plural}/{sub}", ["singularName"] = "", ["namespaced"] = type.Namespaced };
                if (sub == "scale")
                {
                    subEntry["group"] = "autoscaling";
                    subEntry["version"] = "v1";
                }
                subEntry["kind"] = sub == "scale" ? "Scale" : type.Kind;
                subEntry["verbs"] = Strings(SubresourceVerbs(sub));
                resources.Add(subEntry);
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    /// <summary>Aggregated discovery for the core group (<paramref name="core"/>) or for every named group.</summary>
    public static JsonObject Aggregated(ResourceCatalog catalog, bool core, string discoveryVersion)
    {
        var items = new JsonArray();
        foreach (var (group, versions) in catalog.Groups().Where(g => (g.Group.Length == 0) == core))
        {
            var versionEntries = new JsonArray();
            foreach (var version in versions)
            {
                var resources = new JsonArray();
                foreach (var type in catalog.Types.Where(t => t.Group == group && t.Versions.Contains(version)))
                {
                    resources.Add(AggregatedResource(type, version));
                }
                versionEntries.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }
            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (group.Length > 0)
            {
                metadata["name"] = group;
            }
            items.Add(new JsonObject { ["metadata"] = metadata, ["versions"] = versionEntries });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/" + discoveryVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject AggregatedResource(ResourceType type, string version)
    {
        var kind = new JsonObject { ["group"] = type.Group, ["version"] = version, ["kind"] = type.Kind };
        var entry = new JsonObject
        {
            ["resource"] = type.Plural,
            ["responseKind"] = kind,
            ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = type.Singular,
            ["verbs"] = Strings(type.VerbList),
        };
        if (type.ShortNames.Count > 0)
        {
            entry["shortNames"] = Strings(type.ShortNames);
        }
        if (type.Categories.Count > 0)
        {
            entry["categories"] = Strings(type.Categories);
        }
        if (type.Subresources.Count > 0)
        {
            entry["subresources"] = new JsonArray(type.Subresources.Select(sub => (JsonNode?)new JsonObject
            {
                ["subresource"] = sub,
                ["responseKind"] = sub == "scale" ? new JsonObject { ["group"] = "autoscaling", ["version"] = "v1", ["kind"] = "Scale" } : kind.DeepClone(),
                ["verbs"] = Strings(SubresourceVerbs(sub)),
            }).ToArray());
        }
        return entry;
    }

    private static IReadOnlyList<string> SubresourceVerbs(string subresource) =>
        subresource is "status" or "scale" ? ["get", "patch", "update"] : ["get"];

    private static JsonObject GroupVersion(string group, string version) =>
        new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
