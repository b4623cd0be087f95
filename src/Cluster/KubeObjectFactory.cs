using System.Text.Json;
using MeshBot.Cluster.Json;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Cluster;

/// <summary>Turns one JSON object into its typed view, whatever source it came from.</summary>
public static class KubeObjectFactory
{
    public static KubeObject Create(JsonElement raw, string? defaultKind = null, string? defaultApiVersion = null)
    {
        var kind = ResourceKinds.Resolve(raw.Str("apiVersion") ?? defaultApiVersion ?? "v1", raw.Str("kind") ?? defaultKind ?? "");
        return Create(kind, raw);
    }

    public static KubeObject Create(ResourceKind kind, JsonElement raw) => kind switch
    {
        _ when kind == ResourceKinds.Namespace => new Namespace(raw),
        _ when kind == ResourceKinds.Pod => new Pod(raw),
        _ when kind == ResourceKinds.Deployment || kind == ResourceKinds.StatefulSet
            || kind == ResourceKinds.DaemonSet || kind == ResourceKinds.ReplicaSet => new Workload(kind, raw),
        _ when kind == ResourceKinds.Service => new Service(raw),
        _ when kind == ResourceKinds.Endpoints || kind == ResourceKinds.EndpointSlice => new Endpoints(kind, raw),
        _ when kind == ResourceKinds.ServiceAccount => new ServiceAccount(raw),
        _ when kind == ResourceKinds.ConfigMap => new ConfigMap(raw),
        _ when kind == ResourceKinds.Secret => Secret.From(raw),
        _ when kind == ResourceKinds.Event => new KubeEvent(raw),
        _ when kind == ResourceKinds.MutatingWebhookConfiguration => new MutatingWebhookConfiguration(raw),
        _ when kind == ResourceKinds.PeerAuthentication => new PeerAuthentication(raw),
        _ when kind == ResourceKinds.DestinationRule => new DestinationRule(raw),
        _ when kind == ResourceKinds.AuthorizationPolicy => new AuthorizationPolicy(raw),
        _ when kind == ResourceKinds.RequestAuthentication => new RequestAuthentication(raw),
        _ when kind == ResourceKinds.HelmRelease => new HelmRelease(raw),
        _ => new OtherObject(kind, raw),
    };
}
