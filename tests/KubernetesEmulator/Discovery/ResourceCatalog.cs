using MeshBot.KubernetesEmulator.Tables;

namespace MeshBot.KubernetesEmulator.Discovery;

/// <summary>
/// Every resource the emulator serves: the built-ins, the installed CRD groups, and kinds it learns from the objects it
/// is given (so a snapshot holding, say, cert-manager Certificates serves them too). Absent CRD groups stay absent.
/// </summary>
internal sealed class ResourceCatalog
{
    private readonly Lock _lock = new();
    private readonly List<ResourceType> _types;
    private readonly HashSet<string> _absentGroups;

    public ResourceCatalog(IEnumerable<string> installedCustomGroups)
    {
        var installed = installedCustomGroups.ToHashSet(StringComparer.Ordinal);
        _types = [.. BuiltInResources.Create(), .. installed.SelectMany(CustomResources.For)];
        _absentGroups = CustomResources.Groups.Where(g => !installed.Contains(g)).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<ResourceType> Types
    {
        get
        {
            lock (_lock)
            {
                return [.. _types];
            }
        }
    }

    /// <summary>Groups in discovery order (core first, then in the order they were registered) with their versions, preferred first.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        Types.GroupBy(t => t.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.SelectMany(t => t.Versions).Distinct().ToList()))
            .ToList();

    public ResourceType? Find(string group, string version, string plural) =>
        Types.FirstOrDefault(t => t.Group == group && t.Plural == plural && t.Versions.Contains(version));

    public bool Serves(string group, string version) => Types.Any(t => t.Group == group && t.Versions.Contains(version));

    /// <summary>Finds a type by any name kubectl accepts (<c>deploy</c>, <c>deployments.apps</c>, <c>PeerAuthentication</c>).</summary>
    public ResourceType? Resolve(string name) => Types.FirstOrDefault(t => t.Matches(name));

    /// <summary>The type an object belongs to, registering unknown kinds; null when its CRD group is not installed.</summary>
    public ResourceType? ForObject(string apiVersion, string kind, bool namespaced)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        if (_absentGroups.Contains(group))
        {
            return null;
        }
        lock (_lock)
        {
            if (_types.FirstOrDefault(t => t.Group == group && t.Kind == kind) is { } known)
            {
                return known;
            }
            var custom = group.Contains('.', StringComparison.Ordinal) && !group.EndsWith(".k8s.io", StringComparison.Ordinal);
            var learned = new ResourceType(group, [version], Pluralize(kind), kind.ToLowerInvariant(), kind, namespaced, custom,
                [], [], custom ? ["status"] : [], Columns: custom ? [Cells.Date("Age", "metadata", "creationTimestamp")] : BuiltInColumns.Default);
            _types.Add(learned);
            return learned;
        }
    }

    private static string Pluralize(string kind)
    {
        var lower = kind.ToLowerInvariant();
        if (lower.EndsWith('y') && lower.Length > 1 && !"aeiou".Contains(lower[^2], StringComparison.Ordinal))
        {
            return lower[..^1] + "ies";
        }
        return lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal)
            ? lower + "es"
            : lower + "s";
    }
}
