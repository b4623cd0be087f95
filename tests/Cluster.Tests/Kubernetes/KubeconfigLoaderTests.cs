using System.Text;
using MeshBot.Cluster.Kubernetes.Config;

namespace MeshBot.Cluster.Tests.Kubernetes;

public sealed class KubeconfigLoaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meshbot-kubeconfig-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static Dictionary<string, string?> Env(string? kubeconfig = null, string? home = null) =>
        new() { ["KUBECONFIG"] = kubeconfig, ["HOME"] = home ?? "/nonexistent-home" };

    private const string Prod = """
        apiVersion: v1
        kind: Config
        current-context: prod
        clusters:
        - name: prod
          cluster: {server: "https://prod.example:6443", certificate-authority: certs/ca.crt, tls-server-name: api.prod}
        users:
        - name: sre
          user: {token: prod-token}
        contexts:
        - name: prod
          context: {cluster: prod, user: sre, namespace: payments}
        """;

    [Fact]
    public void Load_ExplicitFile_ResolvesCurrentContextAndRelativePaths()
    {
        var path = Write("a/config", Prod);

        var endpoint = KubeconfigLoader.Load(path, null, Env());

        Assert.Equal(new Uri("https://prod.example:6443"), endpoint.Server);
        Assert.Equal("prod-token", endpoint.Token);
        Assert.Equal("api.prod", endpoint.TlsServerName);
        Assert.Equal("payments", endpoint.Namespace);
        Assert.Equal(Path.Combine(_dir.FullName, "a", "certs", "ca.crt"), endpoint.CertificateAuthorityFile);
        Assert.Equal("context prod", endpoint.Description);
    }

    [Fact]
    public void Load_KubeconfigVariable_MergesFilesFirstDefinitionWins()
    {
        var first = Write("first", """
            current-context: staging
            clusters:
            - name: prod
              cluster: {server: "https://first.example"}
            users:
            - name: sre
              user: {token: first-token}
            contexts:
            - name: staging
              context: {cluster: prod, user: sre}
            """);
        var second = Write("second", Prod);

        var staging = KubeconfigLoader.Load(null, null, Env($"{first}:{second}"));
        var prod = KubeconfigLoader.Load(null, "prod", Env($"{first}:{second}"));

        Assert.Equal("context staging", staging.Description);
        Assert.Equal(new Uri("https://first.example"), prod.Server);
        Assert.Equal("first-token", prod.Token);
        Assert.Equal("payments", prod.Namespace);
    }

    [Fact]
    public void Load_InlineDataAndExec_AreDecoded()
    {
        var path = Write("config", $$"""
            current-context: eks
            clusters:
            - name: eks
              cluster: {server: "https://eks.example", certificate-authority-data: {{B64("-----BEGIN CERTIFICATE-----")}}}
            users:
            - name: aws
              user:
                client-certificate-data: {{B64("cert")}}
                client-key-data: {{B64("key")}}
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./bin/get-token
                  args: [eks, get-token]
                  env: [{name: AWS_PROFILE, value: sre}]
                  provideClusterInfo: true
            contexts:
            - name: eks
              context: {cluster: eks, user: aws}
            """);

        var endpoint = KubeconfigLoader.Load(path, null, Env());

        Assert.Equal("-----BEGIN CERTIFICATE-----", Encoding.UTF8.GetString(endpoint.CertificateAuthorityData!));
        Assert.Equal("key", Encoding.UTF8.GetString(endpoint.ClientKeyData!));
        Assert.NotNull(endpoint.Exec);
        Assert.Equal(Path.Combine(_dir.FullName, "bin", "get-token"), endpoint.Exec!.Command);
        Assert.Equal(["eks", "get-token"], endpoint.Exec.Args);
        Assert.Equal("sre", endpoint.Exec.Env["AWS_PROFILE"]);
        Assert.True(endpoint.Exec.ProvideClusterInfo);
    }

    [Fact]
    public void Load_HomeFallback_ReadsDotKubeConfig()
    {
        Write("home/.kube/config", Prod);

        var endpoint = KubeconfigLoader.Load(null, null, Env(home: Path.Combine(_dir.FullName, "home")));

        Assert.Equal("prod-token", endpoint.Token);
    }

    [Theory]
    [InlineData(null, "nope", "context nope not found")]
    [InlineData("missing.yaml", null, "kubeconfig")]
    public void Load_BadSelection_NamesTheProblem(string? file, string? context, string expected)
    {
        var path = file is null ? Write("config", Prod) : Path.Combine(_dir.FullName, file);

        var error = Assert.Throws<KubernetesConfigException>(() => KubeconfigLoader.Load(path, context, Env()));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Load_NoKubeconfigAnywhere_SaysWhereItLooked()
    {
        var error = Assert.Throws<KubernetesConfigException>(() => KubeconfigLoader.Load(null, null, Env()));

        Assert.Contains("pass --kubeconfig, set $KUBECONFIG, or create /nonexistent-home/.kube/config", error.Message);
    }

    [Fact]
    public void Load_InvalidServer_IsRejected()
    {
        var path = Write("config", Prod.Replace("https://prod.example:6443", "ftp://prod", StringComparison.Ordinal));

        Assert.Contains("invalid server", Assert.Throws<KubernetesConfigException>(() => KubeconfigLoader.Load(path, null, Env())).Message);
    }

    [Fact]
    public void InCluster_ServiceAccountDirectory_IsRead()
    {
        Write("sa/token", "sa-token\n");
        Write("sa/ca.crt", "ca");
        Write("sa/namespace", "meshbot\n");
        var env = new Dictionary<string, string?> { ["KUBERNETES_SERVICE_HOST"] = "fd00::1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var endpoint = InClusterConfig.Load(env, Path.Combine(_dir.FullName, "sa"));

        Assert.True(InClusterConfig.IsAvailable(env, Path.Combine(_dir.FullName, "sa")));
        Assert.Equal(new Uri("https://[fd00::1]:443"), endpoint.Server);
        Assert.Equal("meshbot", endpoint.Namespace);
        Assert.EndsWith("sa/token", endpoint.TokenFile);
        Assert.EndsWith("sa/ca.crt", endpoint.CertificateAuthorityFile);
    }

    [Fact]
    public void InCluster_OutsideAPod_IsNotAvailable()
    {
        Assert.False(InClusterConfig.IsAvailable(new Dictionary<string, string?>(), _dir.FullName));
        Assert.Throws<KubernetesConfigException>(() => InClusterConfig.Load(new Dictionary<string, string?>(), _dir.FullName));
    }
}
