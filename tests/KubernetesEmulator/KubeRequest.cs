namespace MeshBot.KubernetesEmulator;

/// <summary>
/// A request as the API server classifies it (its RequestInfo): the verb (<c>get</c>, <c>list</c>, <c>create</c>,
/// <c>update</c>, <c>patch</c>, <c>delete</c>…), and for resource requests the group, version, resource, subresource,
/// namespace and name. Discovery and other paths are non-resource requests with an empty <see cref="Resource"/>.
/// </summary>
public sealed record KubeRequest(
    string Method,
    string Path,
    string Verb,
    bool IsResourceRequest,
    string Group = "",
    string Version = "",
    string Resource = "",
    string Subresource = "",
    string Namespace = "",
    string Name = "")
{
    /// <summary><c>pods</c> or <c>pods/log</c>: the resource as authorization names it.</summary>
    public string ResourceWithSubresource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";
}

/// <summary>One served request, for assertions and for counting calls per diagnosis. Status 0 means the connection was dropped.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, int Status, string? User, string Verb, string Resource, TimeSpan Elapsed);
