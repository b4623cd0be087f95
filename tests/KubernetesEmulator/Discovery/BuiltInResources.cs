using MeshBot.KubernetesEmulator.Tables;

namespace MeshBot.KubernetesEmulator.Discovery;

/// <summary>The built-in resources the emulator always serves: what MeshBot reads, plus the review APIs.</summary>
internal static class BuiltInResources
{
    private static readonly string[] None = [];
    private static readonly string[] All = ["all"];
    private static readonly string[] Status = ["status"];
    private static readonly string[] StatusAndScale = ["status", "scale"];

    public static IReadOnlyList<ResourceType> Create() =>
    [
        Core("namespaces", "namespace", "Namespace", false, ["ns"], None, Status, BuiltInColumns.Namespace),
        Core("pods", "pod", "Pod", true, ["po"], All, ["log", "status"], PodColumns.Columns),
        Core("services", "service", "Service", true, ["svc"], All, Status, BuiltInColumns.Service),
        Core("endpoints", "endpoints", "Endpoints", true, ["ep"], None, None, BuiltInColumns.Default),
        Core("serviceaccounts", "serviceaccount", "ServiceAccount", true, ["sa"], None, None, BuiltInColumns.Default),
        Core("configmaps", "configmap", "ConfigMap", true, ["cm"], None, None, BuiltInColumns.ConfigMap),
        Core("secrets", "secret", "Secret", true, None, None, None, BuiltInColumns.Secret),
        Core("events", "event", "Event", true, ["ev"], None, None, BuiltInColumns.Default),
        Core("nodes", "node", "Node", false, ["no"], None, Status, BuiltInColumns.Default),
        Apps("deployments", "deployment", "Deployment", ["deploy"], StatusAndScale, BuiltInColumns.Deployment),
        Apps("replicasets", "replicaset", "ReplicaSet", ["rs"], StatusAndScale, BuiltInColumns.ReplicaSet),
        Apps("statefulsets", "statefulset", "StatefulSet", ["sts"], StatusAndScale, BuiltInColumns.Default),
        Apps("daemonsets", "daemonset", "DaemonSet", ["ds"], Status, BuiltInColumns.Default),
        new("discovery.k8s.io", ["v1"], "endpointslices", "endpointslice", "EndpointSlice", true, false, None, None, None, Columns: BuiltInColumns.Default),
        new("admissionregistration.k8s.io", ["v1"], "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", false, false, None, ["api-extensions"], None, Columns: BuiltInColumns.Default),
        new("admissionregistration.k8s.io", ["v1"], "validatingwebhookconfigurations", "validatingwebhookconfiguration", "ValidatingWebhookConfiguration", false, false, None, ["api-extensions"], None, Columns: BuiltInColumns.Default),
        new("authorization.k8s.io", ["v1"], "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false, false, None, None, None, ResourceVerbs.CreateOnly),
        new("authentication.k8s.io", ["v1"], "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false, false, None, None, None, ResourceVerbs.CreateOnly),
    ];

    private static ResourceType Core(string plural, string singular, string kind, bool namespaced, string[] shortNames, string[] categories, string[] subresources, IReadOnlyList<PrinterColumn> columns) =>
        new("", ["v1"], plural, singular, kind, namespaced, false, shortNames, categories, subresources, Columns: columns);

    private static ResourceType Apps(string plural, string singular, string kind, string[] shortNames, string[] subresources, IReadOnlyList<PrinterColumn> columns) =>
        new("apps", ["v1"], plural, singular, kind, true, false, shortNames, All, subresources, Columns: columns);
}
