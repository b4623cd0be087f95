using MeshBot.Cluster;

namespace MeshBot.Diagnosis.Mesh;

/// <summary>Istio's tie-break among several policies at one level: oldest creationTimestamp, then name.</summary>
internal static class PolicyOrder
{
    public static T? Oldest<T>(IEnumerable<T> policies) where T : KubeObject =>
        policies.OrderBy(p => p.Meta.CreationTimestamp ?? DateTimeOffset.MaxValue)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    public static IEnumerable<T> OldestFirst<T>(IEnumerable<T> policies) where T : KubeObject =>
        policies.OrderBy(p => p.Meta.CreationTimestamp ?? DateTimeOffset.MaxValue).ThenBy(p => p.Name, StringComparer.Ordinal);

    public static bool IsSubsetOf(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
