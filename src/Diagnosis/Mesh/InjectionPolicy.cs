using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Mesh;

public enum InjectionReason
{
    /// <summary>Namespace label <c>istio-injection=enabled</c>.</summary>
    NamespaceEnabled,

    /// <summary>Namespace label <c>istio.io/rev=REV</c> (and no <c>istio-injection</c> label).</summary>
    NamespaceRevision,

    /// <summary>Pod label <c>sidecar.istio.io/inject=true</c> or <c>istio.io/rev</c> in an unlabelled namespace.</summary>
    PodLabel,

    /// <summary>Pod label <c>sidecar.istio.io/inject=false</c>.</summary>
    PodOptOutLabel,

    /// <summary>Pod annotation <c>sidecar.istio.io/inject=false</c> (deprecated form, no label).</summary>
    PodOptOutAnnotation,

    /// <summary>Neither <c>istio-injection=enabled</c> nor <c>istio.io/rev</c> on the namespace.</summary>
    NamespaceNotEnabled,

    /// <summary><c>istio-injection</c> set to something other than <c>enabled</c>.</summary>
    NamespaceDisabled,

    HostNetwork,

    /// <summary>kube-system and kube-public are never injected.</summary>
    SystemNamespace,
}

/// <summary>Whether the injector would add a sidecar to a pod created now, and why.</summary>
public sealed record InjectionDecision(bool Injected, InjectionReason Reason, string Revision, string Detail)
{
    public bool IsOptOut => Reason is InjectionReason.PodOptOutLabel or InjectionReason.PodOptOutAnnotation;
}

/// <summary>
/// The sidecar injection decision as the webhook selectors and <c>injectRequired</c> make it
/// (reference §3.6): <c>istio-injection=enabled</c> beats <c>istio.io/rev</c>, any other value opts the
/// namespace out, the pod label beats the deprecated annotation.
/// </summary>
public static class InjectionPolicy
{
    public const string InjectionLabel = "istio-injection";
    public const string RevisionLabel = "istio.io/rev";
    public const string InjectKey = "sidecar.istio.io/inject";
    private static readonly string[] NeverInjected = ["kube-system", "kube-public", "kube-node-lease", "local-path-storage"];

    public static InjectionDecision ForNamespace(Namespace? ns)
    {
        var name = ns?.Name ?? "";
        if (NeverInjected.Contains(name))
        {
            return new(false, InjectionReason.SystemNamespace, "default", $"{name} is never injected");
        }

        var injection = ns?.Meta.Label(InjectionLabel);
        var revision = ns?.Meta.Label(RevisionLabel);
        return injection switch
        {
            "enabled" => new(true, InjectionReason.NamespaceEnabled, "default", $"namespace label {InjectionLabel}=enabled"),
            not null => new(false, InjectionReason.NamespaceDisabled, "default", $"namespace label {InjectionLabel}={injection} opts the namespace out"),
            null when !string.IsNullOrEmpty(revision) => new(true, InjectionReason.NamespaceRevision, revision, $"namespace label {RevisionLabel}={revision}"),
            _ => new(false, InjectionReason.NamespaceNotEnabled, "default", $"namespace has neither {InjectionLabel}=enabled nor {RevisionLabel}"),
        };
    }

    public static InjectionDecision ForPod(IReadOnlyDictionary<string, string> podLabels, IReadOnlyDictionary<string, string> podAnnotations, bool hostNetwork, Namespace? ns)
    {
        var namespaceDecision = ForNamespace(ns);
        if (namespaceDecision.Reason == InjectionReason.SystemNamespace)
        {
            return namespaceDecision;
        }
        if (hostNetwork)
        {
            return new(false, InjectionReason.HostNetwork, namespaceDecision.Revision, "hostNetwork pods are never injected");
        }

        podLabels.TryGetValue(InjectKey, out var label);
        podAnnotations.TryGetValue(InjectKey, out var annotation);
        if (string.Equals(label, "false", StringComparison.OrdinalIgnoreCase))
        {
            return new(false, InjectionReason.PodOptOutLabel, namespaceDecision.Revision, $"pod label {InjectKey}=\"false\"");
        }

        if (namespaceDecision.Injected)
        {
            // The label wins over the annotation; only an absent label lets the annotation opt out.
            return label is null && string.Equals(annotation, "false", StringComparison.OrdinalIgnoreCase)
                ? new(false, InjectionReason.PodOptOutAnnotation, namespaceDecision.Revision, $"pod annotation {InjectKey}=\"false\"")
                : namespaceDecision;
        }

        // Webhook objectSelectors see labels only: in an unlabelled namespace a pod label can opt in.
        if (namespaceDecision.Reason == InjectionReason.NamespaceNotEnabled)
        {
            if (string.Equals(label, "true", StringComparison.OrdinalIgnoreCase))
            {
                return new(true, InjectionReason.PodLabel, "default", $"pod label {InjectKey}=\"true\"");
            }
            if (podLabels.TryGetValue(RevisionLabel, out var podRevision) && podRevision.Length > 0)
            {
                return new(true, InjectionReason.PodLabel, podRevision, $"pod label {RevisionLabel}={podRevision}");
            }
        }
        return namespaceDecision;
    }

    public static InjectionDecision ForPod(Pod pod, Namespace? ns) => ForPod(pod.Meta.Labels, pod.Meta.Annotations, pod.HostNetwork, ns);
}
