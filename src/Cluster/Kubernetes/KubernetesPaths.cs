using System.Text;

namespace MeshBot.Cluster.Kubernetes;

/// <summary>REST paths of the Kubernetes API: <c>/api/v1/…</c> for the core group, <c>/apis/GROUP/VERSION/…</c> otherwise.</summary>
public static class KubernetesPaths
{
    public static string Collection(ResourceKind kind, string version, string? ns)
    {
        var root = kind.Group.Length == 0 ? $"/api/{version}" : $"/apis/{kind.Group}/{version}";
        return kind.Namespaced && ns is not null ? $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{kind.Plural}" : $"{root}/{kind.Plural}";
    }

    public static string Item(ResourceKind kind, string version, string? ns, string name) =>
        $"{Collection(kind, version, ns)}/{Uri.EscapeDataString(name)}";

    public static string Query(params (string Key, string? Value)[] parameters)
    {
        var query = new StringBuilder();
        foreach (var (key, value) in parameters.Where(p => !string.IsNullOrEmpty(p.Value)))
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value!));
        }
        return query.ToString();
    }
}
