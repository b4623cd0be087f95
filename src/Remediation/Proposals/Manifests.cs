using YamlDotNet.Serialization;

namespace MeshBot.Remediation.Proposals;

/// <summary>YAML and JSON text for manifests and patches, from ordered maps, so quoting is never hand-rolled.</summary>
internal static class Manifests
{
    private static readonly ISerializer Yaml = new SerializerBuilder().DisableAliases().Build();

    public static string ToYaml(object document) => Yaml.Serialize(document);

    public static string ToJson(object document) => System.Text.Json.JsonSerializer.Serialize(document);

    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    /// <summary>Quotes a value for a POSIX shell command line.</summary>
    public static string Shell(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static Dictionary<string, object?> ManagedMetadata(string name, string ns) =>
        Map(("name", name), ("namespace", ns), ("labels", Map(("app.kubernetes.io/managed-by", "meshbot"))));
}
