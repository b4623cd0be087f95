using MeshBot.Cluster.Kubernetes.Auth;
using MeshBot.Cluster.Kubernetes.Config;

namespace MeshBot.Cluster.Tests.Kubernetes;

public sealed class CredentialSourceTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meshbot-credentials-");

    public void Dispose() => _dir.Delete(recursive: true);

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private string Plugin(string body)
    {
        var path = Path.Combine(_dir.FullName, "plugin.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private static ClusterEndpoint Endpoint(ExecConfig? exec = null, string? tokenFile = null) => new()
    {
        Server = new Uri("https://127.0.0.1:6443"),
        Description = "test",
        Exec = exec,
        TokenFile = tokenFile,
    };

    [Fact]
    public async Task Exec_TokenWithExpiry_IsCachedUntilItExpires()
    {
        var counter = Path.Combine(_dir.FullName, "runs");
        var plugin = Plugin($$$"""
            echo run >> {{{counter}}}
            test "$(printf '%s' "$KUBERNETES_EXEC_INFO" | grep -c '"kind":"ExecCredential"')" = 1 || exit 3
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t-'$(wc -l < {{{counter}}})'","expirationTimestamp":"2026-11-22T10:00:00Z"}}'
            """);
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var source = CredentialSources.For(Endpoint(new ExecConfig(plugin, [], new Dictionary<string, string>(), "client.authentication.k8s.io/v1", false, null)), clock);

        var first = await source.GetAsync(CancellationToken.None);
        var cached = await source.GetAsync(CancellationToken.None);
        clock.Now = new DateTimeOffset(2026, 11, 22, 9, 59, 55, TimeSpan.Zero);
        var renewed = await source.GetAsync(CancellationToken.None);

        Assert.Equal("Bearer t-1", first.Authorization);
        Assert.Equal("Bearer t-1", cached.Authorization);
        Assert.Equal("Bearer t-2", renewed.Authorization);
    }

    [Fact]
    public async Task Exec_Invalidate_RunsThePluginAgain()
    {
        var counter = Path.Combine(_dir.FullName, "runs");
        var plugin = Plugin($$$"""
            echo run >> {{{counter}}}
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t-'$(wc -l < {{{counter}}})'"}}'
            """);
        var source = CredentialSources.For(Endpoint(new ExecConfig(plugin, [], new Dictionary<string, string>(), "client.authentication.k8s.io/v1", false, null)), TimeProvider.System);

        var first = await source.GetAsync(CancellationToken.None);
        source.Invalidate(first);
        var second = await source.GetAsync(CancellationToken.None);
        source.Invalidate(first); // a second request rejected with the same old token: no extra run
        var third = await source.GetAsync(CancellationToken.None);

        Assert.Equal(("Bearer t-1", "Bearer t-2", "Bearer t-2"), (first.Authorization, second.Authorization, third.Authorization));
    }

    [Theory]
    [InlineData("echo 'boom: no AWS credentials' >&2; exit 1", "failed with exit code 1: boom: no AWS credentials")]
    [InlineData("echo not-json", "did not print an ExecCredential")]
    [InlineData("echo '{\"kind\":\"ExecCredential\",\"status\":{}}'", "neither a token nor a client certificate")]
    public async Task Exec_BrokenPlugin_SaysWhy(string body, string expected)
    {
        var source = CredentialSources.For(Endpoint(new ExecConfig(Plugin(body), [], new Dictionary<string, string>(), "client.authentication.k8s.io/v1", false, null)), TimeProvider.System);

        var error = await Assert.ThrowsAsync<KubernetesConfigException>(() => source.GetAsync(CancellationToken.None).AsTask());

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Exec_MissingCommand_ShowsTheInstallHint()
    {
        var source = CredentialSources.For(Endpoint(new ExecConfig("/nonexistent/aws", [], new Dictionary<string, string>(), "client.authentication.k8s.io/v1", false, "install the AWS CLI")), TimeProvider.System);

        var error = await Assert.ThrowsAsync<KubernetesConfigException>(() => source.GetAsync(CancellationToken.None).AsTask());

        Assert.Contains("install the AWS CLI", error.Message);
    }

    [Fact]
    public async Task TokenFile_Rotated_IsReadAgain()
    {
        var path = Path.Combine(_dir.FullName, "token");
        File.WriteAllText(path, "old\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var source = CredentialSources.For(Endpoint(tokenFile: path), TimeProvider.System);

        var before = await source.GetAsync(CancellationToken.None);
        File.WriteAllText(path, "new\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        var after = await source.GetAsync(CancellationToken.None);

        Assert.Equal(("Bearer old", "Bearer new"), (before.Authorization, after.Authorization));
    }

    [Fact]
    public void Credential_ToString_NeverShowsTheSecret()
    {
        Assert.DoesNotContain("s3cr3t", new Credential("Bearer s3cr3t", null, null).ToString());
    }
}
