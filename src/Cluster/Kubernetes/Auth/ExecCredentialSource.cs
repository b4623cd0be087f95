using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Cluster.Json;
using MeshBot.Cluster.Kubernetes.Config;

namespace MeshBot.Cluster.Kubernetes.Auth;

/// <summary>
/// A client-go credential plugin (how EKS, GKE and AKS authenticate): runs the command with
/// <c>KUBERNETES_EXEC_INFO</c>, reads an <c>ExecCredential</c> from stdout, and caches its token or client
/// certificate until <c>status.expirationTimestamp</c> (or until a 401 when it has none).
/// </summary>
internal sealed class ExecCredentialSource(ExecConfig exec, ClusterEndpoint endpoint, TimeProvider time) : ICredentialSource
{
    private static readonly TimeSpan PluginTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Credential? _cached;

    /// <summary>How often the plugin ran; the tests check the cache with it.</summary>
    public int Runs { get; private set; }

    public async ValueTask<Credential> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } cached && (cached.Expires is null || cached.Expires - RefreshMargin > time.GetUtcNow()))
            {
                return cached;
            }
            _cached = await RunAsync(cancellationToken).ConfigureAwait(false);
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate(Credential rejected) => Interlocked.CompareExchange(ref _cached, null, rejected);

    private async Task<Credential> RunAsync(CancellationToken cancellationToken)
    {
        Runs++;
        var start = new ProcessStartInfo(exec.Command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in exec.Args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in exec.Env)
        {
            start.Environment[name] = value;
        }
        start.Environment["KUBERNETES_EXEC_INFO"] = ExecInfo();

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new KubernetesConfigException($"exec plugin {exec.Command} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new KubernetesConfigException($"exec plugin {exec.Command} cannot run: {e.Message}{(exec.InstallHint is null ? "" : " — " + exec.InstallHint.Trim())}", e);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PluginTimeout);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new KubernetesConfigException($"exec plugin {exec.Command} did not finish within {PluginTimeout.TotalSeconds:F0} s");
            }
            if (process.ExitCode != 0)
            {
                // stderr may describe the failure; it never carries the credential, which goes to stdout.
                var reason = (await error.ConfigureAwait(false)).Trim().Split('\n')[0];
                throw new KubernetesConfigException($"exec plugin {exec.Command} failed with exit code {process.ExitCode}: {reason}");
            }
            return Parse(await output.ConfigureAwait(false));
        }
    }

    private string ExecInfo()
    {
        var spec = new JsonObject { ["interactive"] = false };
        if (exec.ProvideClusterInfo)
        {
            spec["cluster"] = new JsonObject
            {
                ["server"] = endpoint.Server.ToString().TrimEnd('/'),
                ["insecure-skip-tls-verify"] = endpoint.InsecureSkipTlsVerify,
                ["certificate-authority-data"] = endpoint.CertificateAuthorityData is { } ca ? Convert.ToBase64String(ca) : null,
            };
        }
        return new JsonObject { ["apiVersion"] = exec.ApiVersion, ["kind"] = "ExecCredential", ["spec"] = spec }.ToJsonString();
    }

    private Credential Parse(string stdout)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(stdout).RootElement;
        }
        catch (JsonException)
        {
            throw new KubernetesConfigException($"exec plugin {exec.Command} did not print an ExecCredential");
        }
        if (root.Str("kind") != "ExecCredential")
        {
            throw new KubernetesConfigException($"exec plugin {exec.Command} printed kind '{root.Str("kind")}', not ExecCredential");
        }
        var expires = root.Time("status", "expirationTimestamp");
        var token = root.Str("status", "token");
        var certificate = root.Str("status", "clientCertificateData") is { } certPem && root.Str("status", "clientKeyData") is { } keyPem
            ? ClientCertificates.FromPem(certPem, keyPem)
            : null;
        if (token is null && certificate is null)
        {
            throw new KubernetesConfigException($"exec plugin {exec.Command} returned neither a token nor a client certificate");
        }
        return new Credential(token is null ? null : "Bearer " + token, certificate, expires);
    }
}
