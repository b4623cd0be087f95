using System.Net;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>A Bot Framework call that failed: the operation, the HTTP status and the Connector's (or login service's) error code and message.</summary>
internal sealed class TeamsApiException(string operation, HttpStatusCode? status, string? code, string detail)
    : Exception($"Teams {operation} failed: {(status is null ? "" : $"{(int)status} ")}{(code is null ? "" : code + ": ")}{detail}")
{
    public string Operation { get; } = operation;

    public HttpStatusCode? Status { get; } = status;

    public string? Code { get; } = code;
}
