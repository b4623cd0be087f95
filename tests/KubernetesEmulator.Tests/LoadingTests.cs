using System.Text.Json.Nodes;
using MeshBot.Cluster.Sources;
using MeshBot.KubernetesEmulator.Tests.Support;

namespace MeshBot.KubernetesEmulator.Tests;

/// <summary>Emulators built from manifests and objects rather than a snapshot, and objects added while running.</summary>
public sealed class LoadingTests
{
    private const string Manifests = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-1
          namespace: shop
          labels: {app: web}
        spec:
          containers: [{name: web, image: nginx}]
        status:
          phase: Running
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata:
          name: web-tls
          namespace: shop
        spec:
          secretName: web-tls
        """;

    [Fact]
    public async Task Manifests_and_objects_are_served_with_their_namespaces_and_unknown_kinds_are_learned()
    {
        var objects = SnapshotReader.ReadText("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"shop"},"data":{"a":"1"}}""");
        await using var emulator = await KubernetesEmulator.StartAsync(new EmulatorOptions
        {
            Manifests = [Manifests],
            Objects = objects,
            Tokens = new Dictionary<string, EmulatorUser> { ["t"] = new("admin") },
        });
        using var kubectl = new Kubectl(emulator, EmulatorCredential.Token("t"));
        using var http = emulator.CreateHttpClient(EmulatorCredential.Token("t"));

        var namespaces = (await kubectl.RunAsync("get", "namespaces", "-o", "name")).EnsureSuccess();
        var certificates = (await kubectl.RunAsync("get", "certificates.cert-manager.io", "-n", "shop", "-o", "name")).EnsureSuccess();
        var (_, configMap) = await http.GetJsonAsync("/api/v1/namespaces/shop/configmaps/settings");

        Assert.Equal(["namespace/default", "namespace/shop"], namespaces.Lines);
        Assert.Equal(["certificate.cert-manager.io/web-tls"], certificates.Lines);
        Assert.Equal("1", configMap.Str("data", "a"));
        Assert.Equal("shop", emulator.Get("ns", null, "shop")!["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Objects_loaded_at_runtime_replace_stored_ones()
    {
        await using var emulator = await KubernetesEmulator.StartAsync(new EmulatorOptions { Manifests = [Manifests] });
        var before = emulator.ResourceVersion;

        emulator.Load(Manifests.Replace("image: nginx", "image: nginx:2", StringComparison.Ordinal));

        Assert.Equal("nginx:2", emulator.Get("pods", "shop", "web-1")!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.True(emulator.ResourceVersion > before);
        Assert.Single(emulator.List("po", "shop"));
        Assert.IsType<JsonObject>(emulator.List("pods")[0]);
    }
}
