using System.Text.Json;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Bot.Tests.Demo;

/// <summary>Typed reads of an in-memory cluster for assertions.</summary>
internal static class ClusterReads
{
    public static async Task<T[]> ListAsync<T>(this InMemoryCluster cluster, ResourceKind kind, string? ns = null) where T : KubeObject =>
        (await cluster.ListAsync(kind, default)).Items.OfType<T>().Where(o => ns is null || o.Namespace == ns).ToArray();

    public static Task<Pod[]> PodsAsync(this InMemoryCluster cluster, string ns) => cluster.ListAsync<Pod>(ResourceKinds.Pod, ns);

    public static async Task<JsonElement> RequireAsync(this InMemoryCluster cluster, ResourceKind kind, string? ns, string name) =>
        await cluster.GetAsync(kind, ns, name) ?? throw new InvalidOperationException($"{kind.Reference(ns, name)} not found");

    public static async Task<string?> VersionAsync(this InMemoryCluster cluster, ResourceKind kind, string? ns, string name) =>
        (await cluster.RequireAsync(kind, ns, name)).GetProperty("metadata").GetProperty("resourceVersion").GetString();

    public static string? Str(this JsonElement element, params string[] path)
    {
        foreach (var segment in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return null;
            }
        }
        return element.ValueKind is JsonValueKind.String ? element.GetString() : element.GetRawText();
    }
}
