using System.Text.Json.Nodes;
using MeshBot.Deploy.Tests.Support;
using MeshBot.KubernetesEmulator;

namespace MeshBot.Deploy.Tests.Rbac;

/// <summary>A PolicyRule of a Role or ClusterRole.</summary>
public sealed record PolicyRule(IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs, IReadOnlyList<string> ResourceNames, IReadOnlyList<string> NonResourceUrls)
{
    public static PolicyRule From(JsonNode rule) => new(
        rule.Strings("apiGroups"), rule.Strings("resources"), rule.Strings("verbs"), rule.Strings("resourceNames"), rule.Strings("nonResourceURLs"));

    /// <summary>Kubernetes' rule matching (rbac/v1 helpers): verbs, API groups, resources with subresources, resource names, non-resource URLs.</summary>
    public bool Allows(ApiCall call)
    {
        if (!Verbs.Any(v => v == "*" || v == call.Verb))
        {
            return false;
        }
        if (!call.IsResource)
        {
            return NonResourceUrls.Any(u => u == "*" || u == call.Path || (u.EndsWith('*') && call.Path.StartsWith(u[..^1], StringComparison.Ordinal)));
        }
        return ApiGroups.Any(g => g == "*" || g == call.Group)
            && Resources.Any(r => r == "*" || r == call.ResourceWithSubresource
                || (call.Subresource.Length > 0 && (r == $"{call.Resource}/*" || r == $"*/{call.Subresource}")))
            && (ResourceNames.Count == 0 || (call.Name.Length > 0 && ResourceNames.Contains(call.Name)));
    }

    /// <summary>The rule split into atoms of one group, one resource, one verb (and one name, when names are listed).</summary>
    public IEnumerable<PolicyRule> Atoms() =>
        from g in ApiGroups
        from r in Resources
        from v in Verbs
        from n in ResourceNames.Count == 0 ? [null] : ResourceNames.Select(n => (string?)n)
        select new PolicyRule([g], [r], [v], n is null ? [] : [n], []);

    public override string ToString() =>
        NonResourceUrls.Count > 0
            ? $"{string.Join(',', Verbs)} {string.Join(',', NonResourceUrls)}"
            : $"{string.Join(',', Verbs)} {string.Join(',', ApiGroups.Select(g => g.Length == 0 ? "core" : g))}/{string.Join(',', Resources)}{(ResourceNames.Count > 0 ? $" [{string.Join(',', ResourceNames)}]" : "")}";
}

/// <summary>A rule granted to a subject through one binding: cluster-wide (ClusterRoleBinding) or in one namespace (RoleBinding).</summary>
public sealed record Grant(string Binding, string Role, string? Namespace, PolicyRule Rule)
{
    public bool Allows(ApiCall call)
    {
        if (Namespace is not null)
        {
            // A RoleBinding grants namespaced resources in its namespace only: no cluster-scoped objects, no
            // cluster-wide lists, no non-resource URLs.
            if (!call.IsResource || call.Namespace != Namespace)
            {
                return false;
            }
        }
        return Rule.Allows(call);
    }

    public IEnumerable<Grant> Atoms() => Rule.Atoms().Select(a => this with { Rule = a });

    public override string ToString() => $"{Rule} ({(Namespace is null ? "cluster-wide" : $"in {Namespace}")}, {Role} via {Binding})";
}

/// <summary>
/// The RBAC objects of a rendered kustomization, evaluated as the API server's RBAC authorizer does for one subject:
/// the rules of every Role/ClusterRole that a RoleBinding/ClusterRoleBinding binds to it, each scoped by its binding.
/// </summary>
public sealed class RbacPolicy
{
    /// <summary>
    /// Kubernetes' bootstrap ClusterRole <c>system:discovery</c>, bound to every authenticated user by default: the
    /// discovery paths MeshBot's client reads to learn which versions a CRD group serves.
    /// </summary>
    public static readonly Grant SystemDiscovery = new("system:discovery", "system:discovery", null,
        new PolicyRule([], [], ["get"], [], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]));

    private RbacPolicy(IReadOnlyList<Grant> grants) => Grants = grants;

    /// <summary>What the rendered manifests grant the subject (not the bootstrap roles).</summary>
    public IReadOnlyList<Grant> Grants { get; }

    public static RbacPolicy For(IReadOnlyList<JsonObject> objects, string serviceAccountNamespace, string serviceAccountName)
    {
        var roles = objects.Where(o => o.Kind() is "Role" or "ClusterRole")
            .ToDictionary(o => (o.Kind(), o.Kind() == "Role" ? o.Namespace() : null, o.Name()), o => o.Items("rules").Select(PolicyRule.From).ToList());
        var grants = new List<Grant>();
        foreach (var binding in objects.Where(o => o.Kind() is "RoleBinding" or "ClusterRoleBinding"))
        {
            var subjects = binding.Items("subjects");
            if (!subjects.Any(s => s.Str("kind") == "ServiceAccount" && s.Str("name") == serviceAccountName && s.Str("namespace") == serviceAccountNamespace))
            {
                continue;
            }
            var roleKind = binding.Str("roleRef", "kind") ?? "";
            var roleName = binding.Str("roleRef", "name") ?? "";
            var scope = binding.Kind() == "RoleBinding" ? binding.Namespace() : null;
            var key = (roleKind, roleKind == "Role" ? binding.Namespace() : null, roleName);
            if (!roles.TryGetValue(key, out var rules))
            {
                throw new InvalidOperationException($"{binding.Ref()} refers to {roleKind} {roleName}, which the manifests do not define");
            }
            grants.AddRange(rules.Select(r => new Grant(binding.Ref(), $"{roleKind}/{roleName}", scope, r)));
        }
        return new RbacPolicy(grants);
    }

    public bool Allows(ApiCall call) => SystemDiscovery.Allows(call) || Grants.Any(g => g.Allows(call));

    /// <summary>
    /// Loads grants into the emulator's authorizer for <paramref name="user"/>, deny by default. Its rules have no
    /// resource names, so this check is looser than <see cref="Allows"/> there (names are checked by this class).
    /// </summary>
    public static void Restrict(AccessPolicy access, IReadOnlyList<Grant> grants, string user)
    {
        ArgumentNullException.ThrowIfNull(access);
        access.AllowByDefault = false;
        foreach (var grant in grants)
        {
            var resources = string.Join(',', grant.Rule.ApiGroups.SelectMany(g => grant.Rule.Resources.Select(r => Qualified(r, g))));
            access.Allow(string.Join(',', grant.Rule.Verbs), resources, user, grant.Namespace);
        }
    }

    private static string Qualified(string resource, string group)
    {
        if (group.Length == 0)
        {
            return resource;
        }
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? $"{resource}.{group}" : $"{resource[..slash]}.{group}{resource[slash..]}";
    }
}
