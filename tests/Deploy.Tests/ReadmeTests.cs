using System.Text.RegularExpressions;
using MeshBot.Deploy.Tests.Support;

namespace MeshBot.Deploy.Tests;

/// <summary>deploy/README.md tells what the manifests do: its commands, paths and snippets are checked against them.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = Repo.Read("deploy", "README.md");

    [Fact]
    public void EveryOverlay_IsDocumented()
    {
        Assert.All(Kustomize.Buildable.Where(d => d != "base"), d => Assert.Contains($"`{d}`", Readme));
    }

    [Fact]
    public async Task EverySecretItCreates_IsOneThePodsReference_WithTheSameKeys()
    {
        var created = CreateSecret().Matches(Readme)
            .Select(m => (Name: m.Groups["name"].Value, Keys: FromLiteral().Matches(m.Value).Select(k => k.Groups[1].Value).ToHashSet()))
            .Where(s => s.Name != "meshbot-alertmanager" || s.Keys.Count > 0)
            .GroupBy(s => s.Name)
            .ToDictionary(g => g.Key, g => g.SelectMany(s => s.Keys).ToHashSet());
        var referenced = new Dictionary<string, HashSet<string>>();
        foreach (var overlay in Kustomize.Buildable)
        {
            foreach (var env in (await Kustomize.RenderAsync(overlay)).Container.Items("env"))
            {
                if (env.Str("valueFrom", "secretKeyRef", "name") is { } secret)
                {
                    (referenced.TryGetValue(secret, out var keys) ? keys : referenced[secret] = []).Add(env.Str("valueFrom", "secretKeyRef", "key")!);
                }
            }
        }

        Assert.Equal(referenced.Keys.Order(), created.Keys.Order());
        foreach (var (secret, keys) in referenced)
        {
            // Every key the pods read is created (app-token is Socket Mode's, mentioned next to the command).
            Assert.All(keys.Where(k => k != "app-token"), k => Assert.Contains(k, created[secret]));
            Assert.All(created[secret], k => Assert.Contains(k, keys));
        }
        Assert.Contains("app-token", Readme);
    }

    [Fact]
    public async Task PersistentVolumePatch_ReplacesTheDataVolume()
    {
        // The README's patch, applied to the base in a throwaway overlay.
        var patch = Regex.Match(Readme, @"```yaml\n(patches:\n  - target: \{kind: Deployment, name: meshbot\}\n(?:.*\n)*?)```").Groups[1].Value;
        Assert.NotEmpty(patch);
        var dir = Directory.CreateTempSubdirectory("meshbot-overlay-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "kustomization.yaml"), $"resources:\n  - {Path.GetRelativePath(dir, Repo.DeployPath("base"))}\n{patch}");
            var result = (await Tools.RunAsync(Tools.Kubectl, ["kustomize", dir])).EnsureSuccess("kubectl kustomize");

            var deployment = Yaml.Documents(result.Stdout).Single(o => o.Kind() == "Deployment");
            var data = deployment.Items("spec", "template", "spec", "volumes").Single(v => v.Str("name") == "data");
            Assert.Equal("meshbot-data", data.Str("persistentVolumeClaim", "claimName"));
            Assert.Null(data.At("emptyDir"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Commands_NameTheImageAndPathsTheManifestsUse()
    {
        var image = (await Kustomize.RenderAsync("base")).Container.Str("image")!;

        Assert.Contains($"docker build -f deploy/Dockerfile -t {image} .", Readme);
        Assert.Contains("kubectl apply -f deploy/base/namespace.yaml", Readme);
        Assert.All(Regex.Matches(Readme, @"kubectl apply -k (deploy/\S+)").Select(m => m.Groups[1].Value), p => Assert.True(Directory.Exists(Path.Combine(Repo.Root, p)), p));
        Assert.Contains("http://meshbot.meshbot.svc.cluster.local:8080/alertmanager", Readme);
        Assert.Contains(Repo.Read("deploy", "overlays", "alertmanager", "alertmanager-receiver.yml").Split('\n').Single(l => l.Contains("credentials_file", StringComparison.Ordinal)).Split(": ")[1], Readme);
    }

    [GeneratedRegex(@"kubectl -n \S+ create secret generic (?<name>meshbot-[a-z]+)(?:[^\n]*\\\n)*[^\n]*")]
    private static partial Regex CreateSecret();

    [GeneratedRegex(@"--from-literal=([a-z-]+)=")]
    private static partial Regex FromLiteral();
}
