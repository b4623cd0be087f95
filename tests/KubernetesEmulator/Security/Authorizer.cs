using MeshBot.KubernetesEmulator.Api;

namespace MeshBot.KubernetesEmulator.Security;

/// <summary>
/// Resource requests pass the injected 403 faults and then the <see cref="AccessPolicy"/>; discovery and the
/// self-subject review APIs are open to every authenticated user, as the default RBAC roles make them.
/// </summary>
internal sealed class Authorizer(AccessPolicy policy, FaultPlan faults)
{
    public void Authorize(EmulatorUser user, KubeRequest request)
    {
        if (!request.IsResourceRequest || request.Resource is "selfsubjectaccessreviews" or "selfsubjectreviews" or "selfsubjectrulesreviews")
        {
            return;
        }
        if (faults.IsForbidden(request) || !policy.IsAllowed(user, request.Verb, request.Group, request.ResourceWithSubresource, request.Namespace))
        {
            var groupResource = request.Group.Length == 0 ? request.Resource : $"{request.Resource}.{request.Group}";
            throw StatusErrors.Forbidden(groupResource, request.Group, request.Name, Reason(user.Name, request));
        }
    }

    /// <summary>The authorizer's sentence, e.g. <c>User "x" cannot list resource "pods" in API group "" in the namespace "payments"</c>.</summary>
    public static string Reason(string user, KubeRequest request) =>
        request.Namespace.Length > 0
            ? $"User \"{user}\" cannot {request.Verb} resource \"{request.ResourceWithSubresource}\" in API group \"{request.Group}\" in the namespace \"{request.Namespace}\""
            : $"User \"{user}\" cannot {request.Verb} resource \"{request.ResourceWithSubresource}\" in API group \"{request.Group}\" at the cluster scope";
}
