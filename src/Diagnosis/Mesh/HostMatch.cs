namespace MeshBot.Diagnosis.Mesh;

/// <summary>Istio host names: short-name expansion against the rule's namespace, and wildcard matching.</summary>
public static class HostMatch
{
    /// <summary>Expands a short name (<c>reviews</c>) to <c>reviews.NAMESPACE.svc.cluster.local</c>; other forms are kept.</summary>
    public static string Normalize(string host, string ruleNamespace) =>
        host.Contains('.') || host.StartsWith('*') ? host.ToLowerInvariant() : $"{host}.{ruleNamespace}.svc.{MeshOptions.ClusterDomain}".ToLowerInvariant();

    /// <summary>
    /// How specifically <paramref name="pattern"/> matches <paramref name="host"/>: -1 for no match, the
    /// highest value for an exact match, otherwise the wildcard suffix length (so <c>*.payments.svc.cluster.local</c>
    /// beats <c>*.local</c>, which beats <c>*</c>).
    /// </summary>
    public static int Specificity(string pattern, string host)
    {
        if (string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase))
        {
            return int.MaxValue;
        }
        if (pattern == "*")
        {
            return 0;
        }
        return pattern.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            ? pattern.Length
            : -1;
    }
}
