namespace MeshBot.Diagnosis.Mesh;

/// <summary>The mesh settings the semantics depend on (configuration section <c>MeshBot:Mesh</c>).</summary>
public sealed record MeshOptions
{
    /// <summary>Kubernetes DNS suffix of Service hosts; Istio's default cluster domain.</summary>
    public const string ClusterDomain = "cluster.local";

    public string RootNamespace { get; init; } = "istio-system";

    public string TrustDomain { get; init; } = "cluster.local";

    public IReadOnlyList<string> PlatformNamespaces { get; init; } =
        ["kube-system", "monitoring", "logging", "kyverno", "flux-system", "cert-manager"];

    public bool IsPlatformNamespace(string ns) => PlatformNamespaces.Contains(ns, StringComparer.Ordinal);
}
