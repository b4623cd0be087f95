using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Json;
using MeshBot.KubernetesEmulator.Patching;
using MeshBot.KubernetesEmulator.Storage;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>
/// POST, PUT, PATCH and DELETE with the real server's checks: name and namespace must agree with the URL, the
/// namespace must exist, resourceVersion preconditions give 409, CRDs require one on update, writes through the main
/// resource keep <c>status</c> (and <c>/status</c> writes keep everything else), and <c>dryRun=All</c> validates without storing.
/// </summary>
internal sealed class WriteHandler(ObjectStore store, ResourceCatalog catalog, TimeProvider clock)
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public async Task CreateAsync(ApiCall call)
    {
        var body = await RequestBody.ReadObjectAsync(call.Http.Request).ConfigureAwait(false);
        await CreateAsync(call, body, RequestBody.IsDryRun(call.Http.Request, "CreateOptions")).ConfigureAwait(false);
    }

    private async Task CreateAsync(ApiCall call, JsonObject body, bool dryRun)
    {
        CheckTypeMeta(call, body);
        var meta = body.Metadata();
        CheckNamespace(call, meta);
        if (string.IsNullOrEmpty(meta.Str("name")) && meta.Str("generateName") is { Length: > 0 } prefix)
        {
            meta["name"] = prefix + RandomNumberGenerator.GetString(GenerateNameAlphabet, 5);
        }
        var name = meta.Str("name") ?? "";
        if (name.Length == 0)
        {
            throw StatusErrors.Invalid(call.Type, "", "metadata.name", "Required value: name or generateName is required", "FieldValueRequired");
        }
        if (!string.IsNullOrEmpty(meta.Str("resourceVersion")))
        {
            throw StatusErrors.InternalError("resourceVersion should not be set on objects to be created");
        }
        if (call.Namespace is { } ns && store.Get(Namespaces, null, ns) is null)
        {
            throw StatusErrors.NotFound(Namespaces, ns);
        }
        if (call.Type.Group.Length == 0 && call.Type.Plural == "namespaces")
        {
            body.Child("spec")["finalizers"] ??= new JsonArray("kubernetes");
            body.Child("status")["phase"] = "Active";
            meta.Child("labels")["kubernetes.io/metadata.name"] = name;
        }
        ObjectShapes.Single(call.Type, call.Type.StorageVersion, body);
        var created = store.Create(call.Type, body, dryRun);
        await Responses.WriteJsonAsync(call.Http, 201, ObjectShapes.Single(call.Type, call.Version, created)).ConfigureAwait(false);
    }

    public async Task UpdateAsync(ApiCall call)
    {
        var body = await RequestBody.ReadObjectAsync(call.Http.Request).ConfigureAwait(false);
        var dryRun = RequestBody.IsDryRun(call.Http.Request, "UpdateOptions");
        CheckTypeMeta(call, body);
        CheckNamespace(call, body.Metadata());
        CheckName(call, body);
        if (call.Type.Custom && string.IsNullOrEmpty(body.Str("metadata", "resourceVersion")))
        {
            throw StatusErrors.Invalid(call.Type, call.Name, "metadata.resourceVersion", "Invalid value: 0x0: must be specified for an update");
        }
        var updated = store.Update(call.Type, call.Namespace, call.Name, current => Confine(call, current, body), dryRun);
        await Responses.WriteJsonAsync(call.Http, 200, ObjectShapes.Single(call.Type, call.Version, updated)).ConfigureAwait(false);
    }

    public async Task PatchAsync(ApiCall call)
    {
        var patch = await RequestBody.ReadBytesAsync(call.Http.Request).ConfigureAwait(false);
        var dryRun = RequestBody.IsDryRun(call.Http.Request, "PatchOptions");
        var contentType = call.Http.Request.ContentType;
        if (Patcher.IsApply(contentType) && call.Request.Subresource.Length == 0 && store.Get(call.Type, call.Namespace, call.Name) is null)
        {
            // Server-side apply creates what does not exist yet.
            var applied = Patcher.Applied(patch);
            CheckName(call, applied);
            await CreateAsync(call, applied, dryRun).ConfigureAwait(false);
            return;
        }
        var updated = store.Update(call.Type, call.Namespace, call.Name, current =>
        {
            var patched = Patcher.Apply(call.Type, contentType, ObjectShapes.Single(call.Type, call.Version, (JsonObject)current.DeepClone()), patch);
            CheckName(call, patched);
            CheckNamespace(call, patched.Metadata());
            return Confine(call, current, patched);
        }, dryRun);
        await Responses.WriteJsonAsync(call.Http, 200, ObjectShapes.Single(call.Type, call.Version, updated)).ConfigureAwait(false);
    }

    public async Task DeleteAsync(ApiCall call)
    {
        var bytes = await RequestBody.ReadBytesAsync(call.Http.Request).ConfigureAwait(false);
        var options = bytes.Length == 0 ? null : JsonNodes.ParseObject(bytes);
        var dryRun = RequestBody.IsDryRun(call.Http.Request, "DeleteOptions", options);
        var deleted = store.Delete(call.Type, call.Namespace, call.Name, current => CheckPreconditions(call.Type, call.Name, current, options), dryRun);
        ObjectShapes.Single(call.Type, call.Version, deleted);

        // Like the registries: CRs come back as the deleted object, pods and namespaces as being deleted, the rest as a Status.
        if (call.Type.Custom)
        {
            await Responses.WriteJsonAsync(call.Http, 200, deleted).ConfigureAwait(false);
        }
        else if (call.Type.Group.Length == 0 && call.Type.Plural is "pods" or "namespaces")
        {
            deleted.Metadata()["deletionTimestamp"] = JsonNodes.Timestamp(clock.GetUtcNow());
            if (call.Type.Plural == "namespaces")
            {
                deleted.Child("status")["phase"] = "Terminating";
            }
            await Responses.WriteJsonAsync(call.Http, 200, deleted).ConfigureAwait(false);
        }
        else
        {
            var details = new JsonObject { ["name"] = call.Name };
            if (call.Type.Group.Length > 0)
            {
                details["group"] = call.Type.Group;
            }
            details["kind"] = call.Type.Plural;
            details["uid"] = deleted.Str("metadata", "uid");
            await Responses.WriteJsonAsync(call.Http, 200, Responses.Success(details)).ConfigureAwait(false);
        }
    }

    private ResourceType Namespaces => catalog.Find("", "v1", "namespaces")!;

    /// <summary>The main resource cannot change status; the status subresource can change nothing else.</summary>
    private static JsonObject Confine(ApiCall call, JsonObject current, JsonObject next)
    {
        if (call.Request.Subresource == "status")
        {
            var result = (JsonObject)current.DeepClone();
            result["status"] = next["status"]?.DeepClone();
            result.Metadata()["resourceVersion"] = next.Str("metadata", "resourceVersion");
            return result;
        }
        if (call.Type.HasStatus)
        {
            next["status"] = current["status"]?.DeepClone();
            if (next["status"] is null)
            {
                next.Remove("status");
            }
        }
        return next;
    }

    private static void CheckTypeMeta(ApiCall call, JsonObject body)
    {
        var expected = call.Type.ApiVersion(call.Version);
        if (body.Str("apiVersion") is { } apiVersion && apiVersion != expected)
        {
            throw StatusErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({expected})");
        }
        if (body.Str("kind") is { } kind && kind != call.Type.Kind)
        {
            throw StatusErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({call.Type.Kind})");
        }
    }

    private static void CheckNamespace(ApiCall call, JsonObject meta)
    {
        if (call.Namespace is not { } ns)
        {
            meta.Remove("namespace");
            return;
        }
        if (meta.Str("namespace") is { Length: > 0 } given && given != ns)
        {
            throw StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        meta["namespace"] = ns;
    }

    private static void CheckName(ApiCall call, JsonObject obj)
    {
        if (obj.Str("metadata", "name") is var name && name != call.Name)
        {
            throw StatusErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({call.Name})");
        }
    }

    private static void CheckPreconditions(ResourceType type, string name, JsonObject current, JsonObject? options)
    {
        var uid = options.Str("preconditions", "uid");
        var currentUid = current.Str("metadata", "uid");
        if (!string.IsNullOrEmpty(uid) && uid != currentUid)
        {
            throw StatusErrors.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {currentUid}");
        }
        var rv = options.Str("preconditions", "resourceVersion");
        var currentRv = current.Str("metadata", "resourceVersion");
        if (!string.IsNullOrEmpty(rv) && rv != currentRv)
        {
            throw StatusErrors.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {currentRv}");
        }
    }
}
