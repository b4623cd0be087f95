using System.Text.Json.Nodes;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>A failed request, carried to the pipeline which writes it as a <c>kind: Status</c> body with the same code.</summary>
internal sealed class ApiException(int code, string reason, string message, JsonObject? details = null, int? retryAfterSeconds = null)
    : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public int? RetryAfterSeconds { get; } = retryAfterSeconds;

    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["details"] = details?.DeepClone() ?? new JsonObject(),
        ["code"] = Code,
    };
}
