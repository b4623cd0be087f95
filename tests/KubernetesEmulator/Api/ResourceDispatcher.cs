using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Logs;
using Microsoft.AspNetCore.Http;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>Routes a resource request to its handler by resource, subresource and verb; paths no served type answers are 404.</summary>
internal sealed class ResourceDispatcher(ResourceCatalog catalog, ReadHandler read, WriteHandler write, LogHandler logs, ScaleHandler scale, ReviewHandler reviews)
{
    public Task DispatchAsync(HttpContext context, KubeRequest request, EmulatorUser user)
    {
        var type = catalog.Find(request.Group, request.Version, request.Resource) ?? throw StatusErrors.NoSuchPath();
        var clusterScopedUnderNamespace = !type.Namespaced && request.Namespace.Length > 0 && type.Plural != "namespaces";
        var namespacedWithoutNamespace = type.Namespaced && request.Namespace.Length == 0 && request.Verb is not ("list" or "watch");
        if (clusterScopedUnderNamespace || namespacedWithoutNamespace)
        {
            throw StatusErrors.NoSuchPath();
        }

        var call = new ApiCall(context, request, type, user);
        if (type.Verbs == ResourceVerbs.CreateOnly)
        {
            return request.Verb == "create" ? reviews.CreateAsync(call) : throw StatusErrors.MethodNotSupported(type.GroupResource, request.Verb);
        }
        return (request.Subresource, request.Verb) switch
        {
            ("", "get") => read.GetAsync(call),
            ("", "list") => read.ListAsync(call),
            ("", "create") => write.CreateAsync(call),
            ("", "update") => write.UpdateAsync(call),
            ("", "patch") => write.PatchAsync(call),
            ("", "delete") => write.DeleteAsync(call),
            ("", _) => throw StatusErrors.MethodNotSupported(type.GroupResource, request.Verb),
            ("log", "get") when type.Group.Length == 0 && type.Plural == "pods" => logs.GetAsync(call),
            ("status", "get") when type.HasStatus => read.GetAsync(call),
            ("status", "update") when type.HasStatus => write.UpdateAsync(call),
            ("status", "patch") when type.HasStatus => write.PatchAsync(call),
            ("scale", "get") when type.Subresources.Contains("scale") => scale.GetAsync(call),
            ("scale", "patch") when type.Subresources.Contains("scale") => scale.PatchAsync(call),
            ("scale", "update") when type.Subresources.Contains("scale") => scale.UpdateAsync(call),
            _ => throw StatusErrors.NoSuchPath(),
        };
    }
}
