using System.Text.Json.Nodes;
using MeshBot.Deploy.Tests.Support;

namespace MeshBot.Deploy.Tests.Manifests;

/// <summary>deploy/base/appsettings.json is a copy of the repository's appsettings.json with in-cluster values: same keys.</summary>
public sealed class AppSettingsTests
{
    private static readonly JsonNode Original = JsonNode.Parse(Repo.Read("appsettings.json"))!;
    private static readonly JsonNode Copy = JsonNode.Parse(Repo.Read("deploy", "base", "appsettings.json"))!;

    /// <summary>Configuration keys as IConfiguration names them (Section:Key); arrays and maps count as one key each.</summary>
    public static IReadOnlySet<string> Keys(JsonNode node)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string prefix)
        {
            if (n is JsonObject { Count: > 0 } obj)
            {
                foreach (var (key, value) in obj)
                {
                    Walk(value, prefix.Length == 0 ? key : $"{prefix}:{key}");
                }
            }
            else
            {
                keys.Add(prefix);
            }
        }
        Walk(node, "");
        return keys;
    }

    [Fact]
    public void Copy_HasExactlyTheKeysOfTheOriginal()
    {
        var missing = Keys(Original).Except(Keys(Copy)).ToList();
        var extra = Keys(Copy).Except(Keys(Original)).ToList();

        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"deploy/base/appsettings.json is out of sync with appsettings.json: missing {string.Join(", ", missing)}; extra {string.Join(", ", extra)}");
    }

    [Fact]
    public void Copy_DiffersOnlyInItsInClusterValues()
    {
        var different = Keys(Original).Where(k => !JsonNode.DeepEquals(At(Original, k), At(Copy, k))).ToList();

        Assert.Equal(["MeshBot:Kubernetes:InCluster", "MeshBot:Mesh:PlatformNamespaces", "MeshBot:Store:ConnectionString"], different);
        Assert.True(Copy.Bool("MeshBot", "Kubernetes", "InCluster"));
        // The bot's own namespace is outside the mesh on purpose: a platform namespace, like kube-system.
        Assert.Equal([.. Original.Strings("MeshBot", "Mesh", "PlatformNamespaces"), "meshbot"], Copy.Strings("MeshBot", "Mesh", "PlatformNamespaces"));
        Assert.Equal("Data Source=/var/lib/meshbot/meshbot.db", Copy.Str("MeshBot", "Store", "ConnectionString"));
    }

    [Fact]
    public async Task RenderedConfigMap_HoldsTheCopyVerbatim()
    {
        var rendered = await Kustomize.RenderAsync("base");

        Assert.Equal(Repo.Read("deploy", "base", "appsettings.json"), rendered.ConfigMap("meshbot-config").Str("data", "appsettings.json"));
    }

    private static JsonNode? At(JsonNode node, string key) => node.At(key.Split(':'));
}
