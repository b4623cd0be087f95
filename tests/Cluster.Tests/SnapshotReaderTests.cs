using System.Text;
using MeshBot.Bot.Demo.Scenarios;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Sources;
using MeshBot.Testing;

namespace MeshBot.Cluster.Tests;

public sealed class SnapshotReaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meshbot-reader-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_dir.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void ReadFile_MultiDocumentYaml_ReadsEveryObjectAndSkipsEmptyDocuments()
    {
        var path = Write("all.yaml", """
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: payments, labels: {istio-injection: enabled}}
            ---
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: payments}
            spec: {replicas: 2, selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}}}
            status: {readyReplicas: 1}
            """);

        var objects = SnapshotReader.ReadFile(path);

        Assert.Collection(objects,
            ns => Assert.Equal("enabled", Assert.IsType<Namespace>(ns).Meta.Label("istio-injection")),
            d =>
            {
                var deployment = Assert.IsType<Workload>(d);
                Assert.Equal(ResourceKinds.Deployment, deployment.Kind);
                Assert.Equal((2, 1, false), (deployment.Replicas, deployment.ReadyReplicas, deployment.IsReady));
            });
    }

    [Fact]
    public void ReadFile_ListEnvelopeWithoutItemKinds_TakesKindFromEnvelope()
    {
        var path = Write("pods.json", """
            {"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"42"},"items":[
              {"metadata":{"name":"a","namespace":"x"},"spec":{"containers":[{"name":"app","image":"i"}]}},
              {"metadata":{"name":"b","namespace":"x"},"spec":{"containers":[{"name":"istio-proxy","image":"p"}]}}]}
            """);

        var pods = SnapshotReader.ReadFile(path).Cast<Pod>().ToArray();

        Assert.Equal(["a", "b"], pods.Select(p => p.Name));
        Assert.Equal([false, true], pods.Select(p => p.HasSidecar));
    }

    [Fact]
    public void ReadFile_KindListOfMixedObjects_KeepsEachObjectsKind()
    {
        var path = Write("list.yaml", """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: security.istio.io/v1
              kind: PeerAuthentication
              metadata: {name: default, namespace: istio-system}
              spec: {mtls: {mode: STRICT}}
            - apiVersion: example.com/v1
              kind: Widget
              metadata: {name: w, namespace: x}
            """);

        var objects = SnapshotReader.ReadFile(path);

        Assert.IsType<PeerAuthentication>(objects[0]);
        var other = Assert.IsType<OtherObject>(objects[1]);
        Assert.Equal("Widget", other.Kind.Kind);
    }

    [Fact]
    public void ReadFile_YamlScalars_KeepQuotedStringsAndTypePlainOnes()
    {
        var path = Write("pa.yaml", """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: p, namespace: x, labels: {version: "1.0", enabled: "true"}}
            spec:
              selector: {matchLabels: {app: api}}
              portLevelMtls:
                8080: {mode: PERMISSIVE}
                "9000": {mode: DISABLE}
            """);

        var policy = Assert.IsType<PeerAuthentication>(Assert.Single(SnapshotReader.ReadFile(path)));

        Assert.Equal("1.0", policy.Meta.Label("version"));
        Assert.Equal("true", policy.Meta.Label("enabled"));
        Assert.Equal(MtlsMode.Permissive, policy.PortLevelMtls[8080]);
        Assert.Equal(MtlsMode.Disable, policy.PortLevelMtls[9000]);
    }

    [Fact]
    public void ReadFile_MalformedYaml_NamesFileAndLine()
    {
        var path = Write("bad.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [unclosed\n");

        var error = Assert.Throws<SnapshotException>(() => SnapshotReader.ReadFile(path));

        Assert.Contains("bad.yaml", error.Message);
        Assert.Matches("invalid YAML at line [0-9]+", error.Message);
    }

    [Fact]
    public void ReadFile_MalformedJson_NamesFileAndLine()
    {
        var path = Write("bad.json", "{\n  \"kind\": \"Pod\",\n  oops\n}");

        var error = Assert.Throws<SnapshotException>(() => SnapshotReader.ReadFile(path));

        Assert.Contains("bad.json: invalid JSON at line 3, column 3: ", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message); // the parser's 0-based suffix would contradict the line
    }

    [Fact]
    public void ReadFile_TabAsIndentation_NamesTheLineWithTheTab()
    {
        var path = Write("tab.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: payments\n");

        var error = Assert.Throws<SnapshotException>(() => SnapshotReader.ReadFile(path));

        Assert.StartsWith($"{path}: invalid YAML at line 4: ", error.Message);
        Assert.Contains("tab", error.Message);
    }

    [Fact]
    public void ReadFile_AliasBomb_RefusedInOneLineNamingTheLimit()
    {
        var path = Path.Combine(_dir.FullName, "bomb.yaml");
        HostileFiles.AliasBomb(path);

        var error = Assert.Throws<SnapshotException>(() => SnapshotReader.ReadFile(path));

        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"{path}: invalid YAML at line ", error.Message);
        Assert.Contains("aliases expand to more than 1 MiB, the limit for this file (4 × its size, at least 1 MiB)", error.Message);
    }

    [Fact]
    public void ReadFile_FewAliases_AreExpanded()
    {
        var path = Write("aliases.yaml", """
            apiVersion: v1
            kind: List
            items:
            - &ns {apiVersion: v1, kind: Namespace, metadata: {name: payments, labels: &labels {istio-injection: enabled}}}
            - {apiVersion: v1, kind: Namespace, metadata: {name: orders, labels: *labels}}
            """);

        var namespaces = SnapshotReader.ReadFile(path).Cast<Namespace>().ToArray();

        Assert.Equal(["enabled", "enabled"], namespaces.Select(n => n.Meta.Label("istio-injection")));
    }

    [Theory]
    [InlineData("deep.yaml", "invalid YAML at line 5: nested deeper than the maximum depth of 100")]
    [InlineData("deep.json", "invalid JSON at line 1, column ")]
    public void ReadFile_NestedAThousandLevels_RefusedInOneLineNamingTheLimit(string file, string refusal)
    {
        var path = Path.Combine(_dir.FullName, file);
        (file.EndsWith(".json", StringComparison.Ordinal) ? (Action<string, int>)HostileFiles.DeepJson : HostileFiles.DeepYaml)(path, 1000);

        var error = Assert.Throws<SnapshotException>(() => SnapshotReader.ReadFile(path));

        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"{path}: {refusal}", error.Message);
        Assert.Contains("depth of 100", error.Message);
    }

    [Fact]
    public void ReadFile_NestedAsDeepAsTheLimit_IsRead()
    {
        var yaml = Path.Combine(_dir.FullName, "deep.yaml");
        var json = Path.Combine(_dir.FullName, "deep.json");
        HostileFiles.DeepYaml(yaml, SnapshotLimits.Default.MaxDepth - 2); // the object and its data are two levels
        HostileFiles.DeepJson(json, SnapshotLimits.Default.MaxDepth - 2);

        Assert.Single(SnapshotReader.ReadFile(yaml));
        Assert.Single(SnapshotReader.ReadFile(json));
    }

    [Fact]
    public async Task SnapshotSource_DirectoryWithLogs_ServesObjectsAndTailsLogs()
    {
        Write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n");
        Write("nested/deep/pod.yml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: payments}\n");
        Write("notes.txt", "not an object");
        Write("logs/payments/p/istio-proxy.log", string.Join('\n', Enumerable.Range(1, 300).Select(i => $"line {i}")));
        var source = new SnapshotSource(_dir.FullName);

        var cluster = await ClusterState.LoadAsync(source);
        var log = await source.ReadLogAsync(new ContainerRef("payments", "p", "istio-proxy"), 200, CancellationToken.None);
        var missing = await source.ReadLogAsync(new ContainerRef("payments", "p", "app"), 200, CancellationToken.None);

        Assert.NotNull(cluster.Pods.Get("payments", "p"));
        Assert.NotNull(cluster.Namespaces.Get("payments"));
        Assert.Equal(200, log.Lines.Count);
        Assert.Equal(("line 101", "line 300"), (log.Lines[0], log.Lines[^1]));
        Assert.Equal(ReadStatus.NotInstalled, missing.Status);
    }

    [Fact]
    public void SnapshotSource_MissingPath_SaysSo()
    {
        var error = Assert.Throws<SnapshotException>(() => new SnapshotSource(Path.Combine(_dir.FullName, "nope")));

        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task ClusterState_SameObjectInTwoFiles_KeepsOne()
    {
        Write("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n");
        Write("b.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments, labels: {istio-injection: enabled}}\n");

        var cluster = await ClusterState.LoadAsync(new SnapshotSource(_dir.FullName));

        Assert.Single(cluster.Namespaces.All);
        Assert.Equal("enabled", cluster.Namespaces.Get("payments")!.Meta.Label("istio-injection"));
    }

    [Fact]
    public void Secret_WithKeysEverywhere_KeepsOnlyCertificates()
    {
        var key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";
        var certificate = ScenarioCertificates.Create("ca", true, CertificateValidity.Valid, null, DateTimeOffset.UtcNow).CertificatePem;
        var bundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate + key));
        var keyBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(key));
        var lastApplied = "{\"data\":{\"ca-key.pem\":\"" + keyBase64 + "\"}}";
        var secret = Assert.IsType<Secret>(SnapshotReader.ReadText($$"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: cacerts
              namespace: istio-system
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: '{{lastApplied}}'
                owner: platform
            type: Opaque
            data:
              ca-cert.pem: {{bundle}}
              ca-key.pem: {{keyBase64}}
              token: c2VjcmV0LXRva2Vu
            stringData:
              password: hunter2
            """)[0]);

        var raw = secret.Raw.GetRawText();

        Assert.Equal(["ca-cert.pem"], secret.Certificates.Keys);
        Assert.Equal(certificate.Trim(), secret.Certificates["ca-cert.pem"].Trim());
        Assert.Equal(["ca-key.pem", "password", "token"], secret.WithheldKeys);
        Assert.DoesNotContain("PRIVATE KEY", raw);
        Assert.DoesNotContain("MIGHAgEA", raw);
        Assert.DoesNotContain("c2VjcmV0LXRva2Vu", raw);
        Assert.DoesNotContain("hunter2", raw);
        Assert.DoesNotContain("last-applied-configuration", raw);
        Assert.Contains("platform", raw);
    }
}
