using MeshBot.Cluster;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>The read-only kubectl commands evidence cites, so an SRE can see exactly what the engine saw.</summary>
public static class Kubectl
{
    public static string Get(string resource, string? ns, string? name = null, string? output = null)
    {
        var parts = new List<string> { "kubectl get", resource };
        if (name is not null)
        {
            parts.Add(name);
        }
        parts.Add(ns is null ? "" : $"-n {ns}");
        if (output is not null)
        {
            parts.Add(output.StartsWith('-') ? output : $"-o {output}");
        }
        return string.Join(' ', parts.Where(p => p.Length > 0));
    }

    /// <summary>The list that shows every object of a kind, in one namespace or all: what a support bundle captures.</summary>
    public static string Capture(ResourceKind kind, string? ns) =>
        Get(kind.Plural, kind.Namespaced ? ns : null, output: kind.Namespaced && ns is null ? "-A -o yaml" : "yaml");

    public static string JsonPath(string resource, string? ns, string name, string jsonPath) =>
        Get(resource, ns, name, $"jsonpath='{jsonPath}'");

    public static string Logs(string ns, string pod, string container, int tail, string? grep = null) =>
        $"kubectl logs {pod} -n {ns} -c {container} --tail={tail}" + (grep is null ? "" : $" | grep -iE '{grep}'");
}
