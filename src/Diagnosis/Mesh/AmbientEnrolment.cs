using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Mesh;

public enum AmbientReason
{
    /// <summary>Namespace label <c>istio.io/dataplane-mode=ambient</c>.</summary>
    NamespaceLabel,

    /// <summary>Pod label <c>istio.io/dataplane-mode=ambient</c> in a namespace that is not enrolled.</summary>
    PodLabel,

    /// <summary>Pod label <c>istio.io/dataplane-mode</c> with another value (<c>none</c>): the pod opts out.</summary>
    PodOptOut,

    /// <summary>The pod runs a sidecar (<c>sidecar.istio.io/status</c>): ztunnel does not capture it.</summary>
    HasSidecar,

    /// <summary>hostNetwork pods cannot be redirected.</summary>
    HostNetwork,

    /// <summary>Neither the namespace nor the pod carries <c>istio.io/dataplane-mode=ambient</c>.</summary>
    NotEnrolled,
}

/// <summary>Whether ztunnel should carry a pod's traffic, and why; <see cref="Redirected"/> says whether istio-cni did it.</summary>
public sealed record AmbientDecision(bool Enrolled, AmbientReason Reason, string Detail, string? Redirection)
{
    /// <summary>istio-cni annotates a pod <c>ambient.istio.io/redirection: enabled</c> once its traffic goes to ztunnel.</summary>
    public bool Redirected => Redirection == AmbientEnrolment.RedirectionEnabled;
}

/// <summary>
/// Ambient enrolment as istio-cni decides it (<c>cni/pkg/util/podutil.go</c> PodRedirectionEnabled, its enablement
/// selector <c>istio.io/dataplane-mode=ambient</c> on the namespace or the pod): a pod label with another value opts
/// the pod out, a pod with a sidecar is never captured (sidecar wins), hostNetwork pods cannot be. An enrolled pod
/// needs no sidecar: it is not a "missing sidecar".
/// </summary>
public static class AmbientEnrolment
{
    public const string DataplaneModeLabel = "istio.io/dataplane-mode";
    public const string Ambient = "ambient";
    public const string RedirectionAnnotation = "ambient.istio.io/redirection";
    public const string RedirectionEnabled = "enabled";
    public const string SidecarStatusAnnotation = "sidecar.istio.io/status";

    public static bool IsAmbientNamespace(Namespace? ns) => ns?.Meta.Label(DataplaneModeLabel) == Ambient;

    public static AmbientDecision ForPod(Pod pod, Namespace? ns) =>
        ForPod(pod.Meta.Labels, pod.Meta.Annotations, pod.HostNetwork, pod.HasSidecar, ns);

    public static AmbientDecision ForPod(
        IReadOnlyDictionary<string, string> podLabels, IReadOnlyDictionary<string, string> podAnnotations, bool hostNetwork, bool hasSidecar, Namespace? ns)
    {
        podAnnotations.TryGetValue(RedirectionAnnotation, out var redirection);
        podLabels.TryGetValue(DataplaneModeLabel, out var podMode);
        var namespaceEnrolled = IsAmbientNamespace(ns);
        if (!namespaceEnrolled && podMode != Ambient)
        {
            return new(false, podMode is null ? AmbientReason.NotEnrolled : AmbientReason.PodOptOut,
                podMode is null ? $"neither the namespace nor the pod has {DataplaneModeLabel}={Ambient}" : $"pod label {DataplaneModeLabel}={podMode}", redirection);
        }
        if (podMode is not null && podMode != Ambient)
        {
            return new(false, AmbientReason.PodOptOut, $"pod label {DataplaneModeLabel}={podMode} opts the pod out of the ambient namespace", redirection);
        }
        if (hasSidecar || podAnnotations.ContainsKey(SidecarStatusAnnotation))
        {
            return new(false, AmbientReason.HasSidecar, "the pod runs a sidecar; ztunnel does not capture pods with a sidecar", redirection);
        }
        if (hostNetwork)
        {
            return new(false, AmbientReason.HostNetwork, "hostNetwork pods cannot be redirected to ztunnel", redirection);
        }
        return namespaceEnrolled && podMode is null
            ? new(true, AmbientReason.NamespaceLabel, $"namespace label {DataplaneModeLabel}={Ambient}", redirection)
            : new(true, AmbientReason.PodLabel, $"pod label {DataplaneModeLabel}={Ambient}", redirection);
    }
}
