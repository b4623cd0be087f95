using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Json;

namespace MeshBot.KubernetesEmulator.Tables;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>): a <c>meta.k8s.io/v1 Table</c>
/// with NAME and the type's columns, each row carrying the object's metadata (kubectl reads the namespace for
/// <c>-A</c> and labels for <c>--show-labels</c> from it). <c>includeObject</c> is None, Metadata (default) or Object.
/// </summary>
internal static class TableBuilder
{
    public static JsonObject Build(ResourceType type, IEnumerable<JsonObject> objects, JsonObject listMetadata, DateTimeOffset now, string? includeObject)
    {
        var columns = type.Columns ?? BuiltInColumns.Default;
        var definitions = new JsonArray(Definition("Name", "string", "name", 0,
            "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"));
        foreach (var column in columns)
        {
            definitions.Add(Definition(column.Name, column.Type == "date" ? "date" : column.Type, column.Format, column.Priority, column.Description));
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray(obj.Str("metadata", "name") ?? "");
            foreach (var column in columns)
            {
                cells.Add(column.Value(obj, now));
            }
            var row = new JsonObject { ["cells"] = cells };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]?.DeepClone(),
                    };
                    break;
            }
            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = listMetadata,
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private static JsonObject Definition(string name, string type, string format, int priority, string description) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = description,
        ["priority"] = priority,
    };
}
