using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace MeshBot.Bench;

/// <summary>The same generated cluster as YAML, to measure the YAML path of the snapshot reader too.</summary>
internal static class JsonToYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder().DisableAliases().Build();

    public static string Convert(byte[] json) => Serializer.Serialize(Plain(JsonNode.Parse(json)));

    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v => v.ToString(),
        _ => null,
    };
}
