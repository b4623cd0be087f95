using System.Globalization;
using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Json;
using MeshBot.KubernetesEmulator.Selectors;
using MeshBot.KubernetesEmulator.Storage;
using MeshBot.KubernetesEmulator.Tables;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>GET of one object or a collection: List envelopes with resourceVersion, limit/continue paging, label and field selectors, and Tables for kubectl.</summary>
internal sealed class ReadHandler(ObjectStore store, TimeProvider clock)
{
    public Task GetAsync(ApiCall call)
    {
        var obj = store.Get(call.Type, call.Namespace, call.Name) ?? throw StatusErrors.NotFound(call.Type, call.Name);
        ObjectShapes.Single(call.Type, call.Version, obj);
        if (Negotiation.WantsTable(call.Http.Request))
        {
            var meta = new JsonObject { ["resourceVersion"] = obj.Str("metadata", "resourceVersion") };
            return Responses.WriteJsonAsync(call.Http, 200, TableBuilder.Build(call.Type, [obj], meta, clock.GetUtcNow(), call.Http.Request.Query["includeObject"]));
        }
        return Responses.WriteJsonAsync(call.Http, 200, obj);
    }

    public Task ListAsync(ApiCall call)
    {
        var query = call.Http.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], call.Type);
        var limit = 0;
        if (query["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit)))
        {
            throw StatusErrors.BadRequest($"limit: Invalid value: \"{limitText}\": must be a non-negative integer");
        }
        var start = query["continue"].ToString() is { Length: > 0 } token ? ContinueToken.Decode(token) : null;

        var page = store.List(call.Type, call.Namespace, o => labels.Matches(o.StringMap("metadata", "labels")) && fields.Matches(o), limit, start);
        // The real server only knows the exact remaining count when it did not have to filter.
        page = labels.IsEmpty && fields.IsEmpty ? page : page with { Remaining = 0 };
        var next = page.LastKey is null ? null : ContinueToken.Encode(page.Revision, page.LastKey);

        if (Negotiation.WantsTable(call.Http.Request))
        {
            foreach (var item in page.Items)
            {
                ObjectShapes.Single(call.Type, call.Version, item);
            }
            var table = TableBuilder.Build(call.Type, page.Items, ObjectShapes.ListMetadata(page, next), clock.GetUtcNow(), query["includeObject"]);
            return Responses.WriteJsonAsync(call.Http, 200, table);
        }
        return Responses.WriteJsonAsync(call.Http, 200, ObjectShapes.List(call.Type, call.Version, page, next));
    }
}
