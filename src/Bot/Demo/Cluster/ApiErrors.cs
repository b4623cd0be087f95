using System.Net;
using MeshBot.Cluster;
using MeshBot.Cluster.Kubernetes.Http;

namespace MeshBot.Bot.Demo.Cluster;

/// <summary>
/// The API server's Status errors, worded as kube-apiserver words them and prefixed the way
/// <see cref="KubernetesApiException.From"/> prefixes a live answer, so the demo fails exactly like a cluster.
/// </summary>
internal static class ApiErrors
{
    /// <summary><c>deployments.apps</c>, <c>namespaces</c>: the group-qualified resource the server names in its messages.</summary>
    public static string GroupResource(ResourceKind kind) => kind.Group.Length == 0 ? kind.Plural : $"{kind.Plural}.{kind.Group}";

    public static KubernetesApiException NotFound(ResourceKind kind, string name) =>
        Error(HttpStatusCode.NotFound, "NotFound", $"{GroupResource(kind)} \"{name}\" not found");

    public static KubernetesApiException NamespaceNotFound(string ns) => NotFound(ResourceKinds.Namespace, ns);

    public static KubernetesApiException AlreadyExists(ResourceKind kind, string name) =>
        Error(HttpStatusCode.Conflict, "AlreadyExists", $"{GroupResource(kind)} \"{name}\" already exists");

    public static KubernetesApiException Conflict(ResourceKind kind, string name) =>
        Error(HttpStatusCode.Conflict, "Conflict",
            $"Operation cannot be fulfilled on {GroupResource(kind)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");

    public static KubernetesApiException UnsupportedMediaType() =>
        Error(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");

    public static KubernetesApiException BadRequest(string message) => Error(HttpStatusCode.BadRequest, "BadRequest", message);

    /// <summary>A JSON patch operation that does not apply (missing path, failed test): 422, as the server reports it.</summary>
    public static KubernetesApiException Unprocessable(string message) => Error(HttpStatusCode.UnprocessableEntity, "Invalid", message);

    public static KubernetesApiException Invalid(ResourceKind kind, string name, string field) =>
        Error(HttpStatusCode.UnprocessableEntity, "Invalid", $"{kind.Kind} \"{name}\" is invalid: {field}");

    private static KubernetesApiException Error(HttpStatusCode status, string reason, string message) =>
        new(status, reason, $"{(int)status} {reason}: {message}");
}
