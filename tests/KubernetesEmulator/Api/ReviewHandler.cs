using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Json;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>
/// The self-subject review APIs: SelfSubjectAccessReview answers from the <see cref="AccessPolicy"/> (and the injected 403
/// faults), so <c>kubectl auth can-i</c> and a startup permission check see what the server would enforce;
/// SelfSubjectReview (<c>kubectl auth whoami</c>) returns the caller's user and groups.
/// </summary>
internal sealed class ReviewHandler(AccessPolicy policy, FaultPlan faults)
{
    public async Task CreateAsync(ApiCall call)
    {
        var review = await RequestBody.ReadObjectAsync(call.Http.Request).ConfigureAwait(false);
        review["apiVersion"] = call.Type.ApiVersion(call.Version);
        review["kind"] = call.Type.Kind;
        review["metadata"] = new JsonObject { ["creationTimestamp"] = null };
        review["status"] = call.Type.Plural == "selfsubjectreviews" ? WhoAmI(call.User) : Access(review, call.User);
        await Responses.WriteJsonAsync(call.Http, 201, review).ConfigureAwait(false);
    }

    private static JsonObject WhoAmI(EmulatorUser user) => new()
    {
        ["userInfo"] = new JsonObject
        {
            ["username"] = user.Name,
            ["groups"] = new JsonArray(user.Groups.Select(g => (JsonNode?)g).ToArray()),
        },
    };

    private JsonObject Access(JsonObject review, EmulatorUser user)
    {
        if (review.At("spec", "resourceAttributes") is not JsonObject attributes)
        {
            // Non-resource URLs (discovery, /version) are open to every authenticated user.
            return new JsonObject { ["allowed"] = true, ["reason"] = "non-resource URLs are allowed for authenticated users" };
        }
        var request = new KubeRequest("", "", attributes.Str("verb") ?? "", true,
            attributes.Str("group") ?? "", attributes.Str("version") ?? "", attributes.Str("resource") ?? "",
            attributes.Str("subresource") ?? "", attributes.Str("namespace") ?? "", attributes.Str("name") ?? "");
        var allowed = !faults.IsForbidden(request)
            && policy.IsAllowed(user, request.Verb, request.Group, request.ResourceWithSubresource, request.Namespace.Length == 0 ? null : request.Namespace);
        return allowed
            ? new JsonObject { ["allowed"] = true, ["reason"] = "allowed by the emulator's access policy" }
            : new JsonObject { ["allowed"] = false }; // RBAC gives no reason when no rule matched; kubectl then prints a bare "no"
    }
}
