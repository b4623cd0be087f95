using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Cluster.Certificates;

namespace MeshBot.Cluster.Sources;

/// <summary>Redacts PEM private keys inside the string values of a JSON document, keeping it valid JSON.</summary>
internal static class JsonRedaction
{
    public static string RedactPrivateKeys(string json)
    {
        var node = JsonNode.Parse(json);
        Redact(node);
        return node?.ToJsonString() ?? json;
    }

    private static void Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToArray())
                {
                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        o[key] = PemBlocks.RedactPrivateKeys(v.GetValue<string>());
                    }
                    else
                    {
                        Redact(value);
                    }
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        a[i] = PemBlocks.RedactPrivateKeys(v.GetValue<string>());
                    }
                    else
                    {
                        Redact(a[i]);
                    }
                }
                break;
        }
    }
}
