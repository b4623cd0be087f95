using System.Net;
using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kubernetes.Http;

/// <summary>
/// The API server answered with an error. The message is the server's own <c>Status</c> message when there is
/// one (for a 403 it names the user, verb, resource and namespace), prefixed with the status code.
/// </summary>
public sealed class KubernetesApiException(HttpStatusCode status, string? reason, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The Status <c>reason</c> (NotFound, Forbidden, Conflict, AlreadyExists…), when the server sent one.</summary>
    public string? Reason { get; } = reason;

    public static KubernetesApiException From(HttpStatusCode status, byte[] body, string request)
    {
        string? reason = null;
        string? text = null;
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            if (root.Str("kind") == "Status")
            {
                reason = root.Str("reason");
                text = root.Str("message");
            }
        }
        catch (JsonException)
        {
            // not a Status object: fall back to the status line
        }
        var code = (int)status;
        var message = status switch
        {
            HttpStatusCode.Unauthorized => $"401 Unauthorized: the API server rejected the credentials ({request})",
            _ when text is not null => $"{code} {reason ?? status.ToString()}: {text}",
            _ => $"{code} {status} from {request}",
        };
        return new KubernetesApiException(status, reason, message);
    }
}

/// <summary>The API server could not be reached at all (refused, reset, TLS failure, timeouts) after the retries.</summary>
public sealed class KubernetesUnreachableException(string message, Exception? inner) : Exception(message, inner);
