using System.Net;
using System.Text.Json;

namespace MeshBot.Cluster.Kubernetes.Http;

public sealed record KubernetesResponse(HttpStatusCode Status, byte[] Body, string Request)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public KubernetesResponse EnsureSuccess() => IsSuccess ? this : throw KubernetesApiException.From(Status, Body, Request);

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement;
}
