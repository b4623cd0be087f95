using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace MeshBot.Deploy.Tests.Support;

/// <summary>One kustomization rendered with the real <c>kubectl kustomize</c>: the YAML text and its objects.</summary>
public sealed record Rendered(string Directory, string Yaml, IReadOnlyList<JsonObject> Objects, IReadOnlyList<string> Texts)
{
    /// <summary>The YAML of the objects <paramref name="select"/> picks, as a multi-document stream (as kustomize printed them).</summary>
    public string YamlOf(Func<JsonObject, bool> select) =>
        string.Join("---\n", Objects.Select((o, i) => (o, i)).Where(p => select(p.o)).Select(p => Texts[p.i]));

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => o.Kind() == kind);

    public JsonObject Single(string kind, string? name = null) =>
        Objects.Single(o => o.Kind() == kind && (name is null || o.Name() == name));

    public JsonObject Deployment => Single("Deployment", "meshbot");

    public JsonObject Container => (JsonObject)Deployment.Items("spec", "template", "spec", "containers").Single(c => c.Str("name") == "meshbot");

    /// <summary>A ConfigMap by its generator name (kustomize appends a content hash).</summary>
    public JsonObject ConfigMap(string generatorName) =>
        OfKind("ConfigMap").Single(c => c.Name() == generatorName || (c.Name().StartsWith(generatorName + "-", StringComparison.Ordinal) && c.Name().Length == generatorName.Length + 11));
}

/// <summary>Renders every kustomization under <c>deploy/</c> once per test run (kubectl kustomize is a process start).</summary>
public static class Kustomize
{
    /// <summary>Every directory that <c>kubectl kustomize</c> can build: the base and each overlay.</summary>
    public static IReadOnlyList<string> Buildable { get; } =
    [
        "base",
        .. System.IO.Directory.GetDirectories(Repo.DeployPath("overlays")).Select(d => "overlays/" + Path.GetFileName(d)).Order(StringComparer.Ordinal),
    ];

    private static readonly ConcurrentDictionary<string, Lazy<Task<Rendered>>> Cache = new(StringComparer.Ordinal);

    public static Task<Rendered> RenderAsync(string directory) =>
        Cache.GetOrAdd(directory, d => new Lazy<Task<Rendered>>(() => BuildAsync(d))).Value;

    private static async Task<Rendered> BuildAsync(string directory)
    {
        var result = (await Tools.RunAsync(Tools.Kubectl, ["kustomize", Repo.DeployPath(directory.Split('/'))])).EnsureSuccess($"kubectl kustomize deploy/{directory}");
        var texts = System.Text.RegularExpressions.Regex.Split(result.Stdout, "^---\\n", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Where(t => t.Trim().Length > 0).ToList();
        var objects = texts.Select(Yaml.Document).ToList();
        if (objects.Count != Yaml.Documents(result.Stdout).Count)
        {
            throw new InvalidOperationException($"deploy/{directory}: the rendered stream did not split into its documents");
        }
        return new Rendered(directory, result.Stdout, objects, texts);
    }
}
