using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Discovery;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>The API server's error Statuses, with its message formats (k8s.io/apimachinery/pkg/api/errors).</summary>
internal static class StatusErrors
{
    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} \"{name}\" not found", Details(type, name));

    /// <summary>A path no served group, version or resource answers (an absent CRD).</summary>
    public static ApiException NoSuchPath() =>
        new(404, "NotFound", "the server could not find the requested resource");

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.GroupResource} \"{name}\" already exists", Details(type, name));

    public static ApiException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.GroupResource} \"{name}\": {why}", Details(type, name));

    public static ApiException Modified(ResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException Forbidden(string groupResource, string group, string? name, string why)
    {
        var message = string.IsNullOrEmpty(name) ? $"{groupResource} is forbidden: {why}" : $"{groupResource} \"{name}\" is forbidden: {why}";
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }
        if (group.Length > 0)
        {
            details["group"] = group;
        }
        details["kind"] = groupResource.Split('.')[0];
        return new ApiException(403, "Forbidden", message, details);
    }

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>422 with one field cause, worded as <c>Kind.group "name" is invalid: field: detail</c>.</summary>
    public static ApiException Invalid(ResourceType type, string name, string field, string detail, string causeReason = "FieldValueInvalid")
    {
        var details = new JsonObject
        {
            ["name"] = name,
            ["kind"] = type.Kind,
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = causeReason, ["message"] = detail, ["field"] = field }),
        };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }
        return new ApiException(422, "Invalid", $"{type.GroupKind} \"{name}\" is invalid: {field}: {detail}", details);
    }

    /// <summary>A 422 whose message comes straight from the patch library, as the real server reports failed JSON patches.</summary>
    public static ApiException Unprocessable(string message) => new(422, "Invalid", message);

    public static ApiException UnsupportedMediaType(IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    public static ApiException MethodNotSupported(string groupResource, string action) =>
        new(405, "MethodNotAllowed", $"{action} is not supported on resources of kind \"{groupResource}\"");

    public static ApiException TooManyRequests(int retryAfterSeconds) =>
        new(429, "TooManyRequests", "Too many requests, please try again later.",
            new JsonObject { ["retryAfterSeconds"] = retryAfterSeconds }, retryAfterSeconds);

    public static ApiException InternalError(string cause) =>
        new(500, "InternalError", $"Internal error occurred: {cause}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = cause }) });

    private static JsonObject Details(ResourceType type, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }
        details["kind"] = type.Plural;
        return details;
    }
}
