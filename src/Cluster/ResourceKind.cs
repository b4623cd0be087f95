namespace MeshBot.Cluster;

/// <summary>
/// A Kubernetes resource type as both the snapshot reader and the API client name it: kind, API
/// group, the versions to try in order, the plural used in REST paths, and whether it is namespaced.
/// </summary>
public sealed record ResourceKind(string Kind, string Group, IReadOnlyList<string> Versions, string Plural, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Versions[0] : $"{Group}/{Versions[0]}";

    /// <summary>The kubectl resource name (<c>peerauthentication</c>, <c>deployment</c>).</summary>
    public string KubectlName => Kind.ToLowerInvariant();

    public string Reference(string? ns, string name) =>
        Namespaced && !string.IsNullOrEmpty(ns) ? $"{Kind}/{ns}/{name}" : $"{Kind}/{name}";

    public override string ToString() => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}

/// <summary>The kinds MeshBot reads. Pseudo-kind <see cref="ContainerLog"/> stands for <c>pods/log</c>.</summary>
public static class ResourceKinds
{
    public static readonly ResourceKind Namespace = new("Namespace", "", ["v1"], "namespaces", false);
    public static readonly ResourceKind Pod = new("Pod", "", ["v1"], "pods", true);
    public static readonly ResourceKind Service = new("Service", "", ["v1"], "services", true);
    public static readonly ResourceKind Endpoints = new("Endpoints", "", ["v1"], "endpoints", true);
    public static readonly ResourceKind ServiceAccount = new("ServiceAccount", "", ["v1"], "serviceaccounts", true);
    public static readonly ResourceKind ConfigMap = new("ConfigMap", "", ["v1"], "configmaps", true);
    public static readonly ResourceKind Secret = new("Secret", "", ["v1"], "secrets", true);
    public static readonly ResourceKind Event = new("Event", "", ["v1"], "events", true);
    public static readonly ResourceKind EndpointSlice = new("EndpointSlice", "discovery.k8s.io", ["v1"], "endpointslices", true);
    public static readonly ResourceKind ReplicaSet = new("ReplicaSet", "apps", ["v1"], "replicasets", true);
    public static readonly ResourceKind Deployment = new("Deployment", "apps", ["v1"], "deployments", true);
    public static readonly ResourceKind StatefulSet = new("StatefulSet", "apps", ["v1"], "statefulsets", true);
    public static readonly ResourceKind DaemonSet = new("DaemonSet", "apps", ["v1"], "daemonsets", true);
    public static readonly ResourceKind MutatingWebhookConfiguration = new("MutatingWebhookConfiguration", "admissionregistration.k8s.io", ["v1"], "mutatingwebhookconfigurations", false);
    public static readonly ResourceKind PeerAuthentication = new("PeerAuthentication", "security.istio.io", ["v1", "v1beta1"], "peerauthentications", true);
    public static readonly ResourceKind AuthorizationPolicy = new("AuthorizationPolicy", "security.istio.io", ["v1", "v1beta1"], "authorizationpolicies", true);
    public static readonly ResourceKind RequestAuthentication = new("RequestAuthentication", "security.istio.io", ["v1", "v1beta1"], "requestauthentications", true);
    public static readonly ResourceKind DestinationRule = new("DestinationRule", "networking.istio.io", ["v1", "v1beta1", "v1alpha3"], "destinationrules", true);
    public static readonly ResourceKind HelmRelease = new("HelmRelease", "helm.toolkit.fluxcd.io", ["v2", "v2beta2", "v2beta1"], "helmreleases", true);
    public static readonly ResourceKind ContainerLog = new("Log", "", ["v1"], "pods/log", true);

    /// <summary>Every kind the checks may read, in the order a loader fetches them.</summary>
    public static readonly IReadOnlyList<ResourceKind> All =
    [
        Namespace, Pod, ReplicaSet, Deployment, StatefulSet, DaemonSet, Service, Endpoints, EndpointSlice,
        ServiceAccount, ConfigMap, Secret, Event, MutatingWebhookConfiguration, PeerAuthentication,
        DestinationRule, AuthorizationPolicy, RequestAuthentication, HelmRelease,
    ];

    /// <summary>The kind of a pod controller named by its kind word (Deployment, StatefulSet, DaemonSet, ReplicaSet).</summary>
    public static ResourceKind Controller(string kind) => kind switch
    {
        "Deployment" => Deployment,
        "StatefulSet" => StatefulSet,
        "DaemonSet" => DaemonSet,
        "ReplicaSet" => ReplicaSet,
        _ => throw new ArgumentException($"{kind} is not a pod controller"),
    };

    /// <summary>Finds the kind of an object from its <c>apiVersion</c> group and <c>kind</c>; unknown kinds get a descriptor of their own.</summary>
    public static ResourceKind Resolve(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? "" : apiVersion[..slash];
        foreach (var known in All)
        {
            if (known.Kind == kind && (known.Group == group || (kind == "Event" && group == "events.k8s.io")))
            {
                return known;
            }
        }
        return new ResourceKind(kind, group, [slash < 0 ? apiVersion : apiVersion[(slash + 1)..]], kind.ToLowerInvariant() + "s", true);
    }
}
