using System.Text.Json.Nodes;

namespace MeshBot.KubernetesEmulator.Discovery;

/// <summary>An additional printer column, as a CRD declares it or as the API server's built-in printers compute one.</summary>
internal sealed record PrinterColumn(string Name, string Type, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Value, string Format = "", string Description = "");

/// <summary>Which verbs a resource answers: ordinary objects, or create-only review resources (SelfSubjectAccessReview).</summary>
internal enum ResourceVerbs
{
    Standard,
    CreateOnly,
}

/// <summary>
/// One served REST resource: its group, the versions served (first is preferred and stored), plural, kind, scope and
/// what discovery advertises for it. Custom resources (CRDs) differ from built-ins in how the real server treats them:
/// list items keep kind/apiVersion, strategic merge patch is refused, and table columns come from the CRD.
/// </summary>
internal sealed record ResourceType(
    string Group,
    IReadOnlyList<string> Versions,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    bool Custom,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Subresources,
    ResourceVerbs Verbs = ResourceVerbs.Standard,
    IReadOnlyList<PrinterColumn>? Columns = null)
{
    public static readonly IReadOnlyList<string> StandardVerbs = ["create", "delete", "get", "list", "patch", "update"];

    /// <summary><c>pods</c>, <c>deployments.apps</c>: how Status messages qualify the resource.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary><c>Pod</c>, <c>PeerAuthentication.security.istio.io</c>: how Invalid messages qualify the kind.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public string StorageVersion => Versions[0];

    public IReadOnlyList<string> VerbList => Verbs == ResourceVerbs.CreateOnly ? ["create"] : StandardVerbs;

    public string ApiVersion(string version) => Group.Length == 0 ? version : $"{Group}/{version}";

    public bool HasStatus => Subresources.Contains("status");

    public bool Matches(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var (resource, group) = dot < 0 ? (name, null) : (name[..dot], name[(dot + 1)..]);
        if (group is not null && !string.Equals(group, Group, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return string.Equals(resource, Plural, StringComparison.OrdinalIgnoreCase)
            || string.Equals(resource, Singular, StringComparison.OrdinalIgnoreCase)
            || string.Equals(resource, Kind, StringComparison.OrdinalIgnoreCase)
            || ShortNames.Contains(resource, StringComparer.OrdinalIgnoreCase);
    }

    public override string ToString() => GroupResource;
}
