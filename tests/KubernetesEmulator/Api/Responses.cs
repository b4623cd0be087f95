using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Json;
using Microsoft.AspNetCore.Http;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>Writes JSON bodies, Status errors and plain text the way the API server frames them.</summary>
internal static class Responses
{
    public const string Json = "application/json";

    public static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body, string contentType = Json)
    {
        var bytes = JsonNodes.ToUtf8(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }

    public static Task WriteStatusAsync(HttpContext context, ApiException error)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return WriteJsonAsync(context, error.Code, error.ToStatus());
    }

    public static async Task WriteTextAsync(HttpContext context, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The Status a successful delete returns when the registry does not return the object itself.</summary>
    public static JsonObject Success(JsonObject details) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = details,
    };
}
