using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Storage;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>
/// How objects leave the server: stamped with the requested version's apiVersion and kind (versions of one group share
/// a schema here, so conversion is a relabel), and in lists stripped of kind/apiVersion for built-in kinds only, as the
/// real server's typed lists do while unstructured (CRD) lists keep them.
/// </summary>
internal static class ObjectShapes
{
    public static JsonObject Single(ResourceType type, string version, JsonObject obj)
    {
        obj["apiVersion"] = type.ApiVersion(version);
        obj["kind"] = type.Kind;
        return obj;
    }

    public static JsonObject List(ResourceType type, string version, ListPage page, string? continueToken)
    {
        var items = new JsonArray();
        foreach (var item in page.Items)
        {
            if (type.Custom)
            {
                Single(type, version, item);
            }
            else
            {
                item.Remove("apiVersion");
                item.Remove("kind");
            }
            items.Add(item);
        }
        return new JsonObject
        {
            ["apiVersion"] = type.ApiVersion(version),
            ["kind"] = type.Kind + "List",
            ["metadata"] = ListMetadata(page, continueToken),
            ["items"] = items,
        };
    }

    public static JsonObject ListMetadata(ListPage page, string? continueToken)
    {
        var meta = new JsonObject { ["resourceVersion"] = page.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (continueToken is not null)
        {
            meta["continue"] = continueToken;
            if (page.Remaining > 0)
            {
                meta["remainingItemCount"] = page.Remaining;
            }
        }
        return meta;
    }
}
