using System.Reflection;
using System.Text.Json.Nodes;
using MeshBot.Bot.Demo.Scenarios;
using MeshBot.Cluster.Sources;

namespace MeshBot.Bot.Demo.Cluster;

/// <summary>
/// The demo's clusters: the scenarios embedded in meshbot (<c>scenarios/&lt;path&gt;</c> resources, see scenarios/README.md),
/// materialized now (base + overlay, fresh certificates) into an <see cref="InMemoryCluster"/>.
/// </summary>
public static class DemoClusters
{
    private const string Prefix = "scenarios/";
    private static readonly string[] ObjectExtensions = [".yaml", ".yml", ".json"];
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Resources = new(ReadResources);

    /// <summary>The scenarios that can be loaded, in name order.</summary>
    public static IReadOnlyList<string> Names =>
        Resources.Value.Keys.Select(k => k.Split('/')).Where(p => p.Length > 1 && p[0] != ScenarioTemplate.Base)
            .Select(p => p[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    public static InMemoryCluster Load(string scenario, TimeProvider? time = null)
    {
        if (!Names.Contains(scenario, StringComparer.Ordinal))
        {
            throw new ArgumentException($"no demo scenario named {scenario}; available: {string.Join(", ", Names)}", nameof(scenario));
        }
        time ??= TimeProvider.System;
        var (files, _) = ScenarioTemplate.Materialize(Files(ScenarioTemplate.Base), Files(scenario), time.GetUtcNow());

        var objects = new List<JsonObject>();
        var logs = new List<KeyValuePair<ContainerRef, IReadOnlyList<string>>>();
        foreach (var (path, text) in files)
        {
            var parts = path.Split('/');
            if (parts is ["logs", var ns, var pod, var container] && container.EndsWith(".log", StringComparison.Ordinal))
            {
                logs.Add(new(new ContainerRef(ns, pod, container[..^".log".Length]), text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')));
            }
            else if (ObjectExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            {
                foreach (var view in SnapshotReader.ReadText(text))
                {
                    // List items may omit kind and apiVersion; the store needs them to know what it holds.
                    var obj = view.Raw.ToNode();
                    obj["apiVersion"] ??= view.Kind.ApiVersion;
                    obj["kind"] ??= view.Kind.Kind;
                    objects.Add(obj);
                }
            }
        }
        return new InMemoryCluster(objects, logs, time, $"demo cluster {scenario}");
    }

    // Relative path (under the scenario) → text.
    private static Dictionary<string, string> Files(string scenario) =>
        Resources.Value.Where(r => r.Key.StartsWith(scenario + "/", StringComparison.Ordinal))
            .ToDictionary(r => r.Key[(scenario.Length + 1)..], r => r.Value, StringComparer.Ordinal);

    // Scenario-relative resource path ("_base/ca.yaml") → text.
    private static IReadOnlyDictionary<string, string> ReadResources()
    {
        var assembly = typeof(DemoClusters).Assembly;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var path = name.Replace('\\', '/');
            if (path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                result[path[Prefix.Length..]] = Read(assembly, name);
            }
        }
        return result;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
