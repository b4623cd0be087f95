using MeshBot.KubernetesEmulator.Discovery;
using Microsoft.AspNetCore.Http;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>One authenticated, authorized resource request and the type it addresses.</summary>
internal sealed record ApiCall(HttpContext Http, KubeRequest Request, ResourceType Type, EmulatorUser User)
{
    public string? Namespace => Type.Namespaced ? Request.Namespace : null;

    public string Name => Request.Name;

    public string Version => Request.Version;
}
