using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MeshBot.KubernetesEmulator;

/// <summary>What one kubectl run printed and how it exited.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Output lines with column padding collapsed to one space, for assertions on tables.</summary>
    public IReadOnlyList<string> Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => Regex.Replace(l.Trim(), @"\s+", " "))
        .ToList();

    public KubectlResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"kubectl exited {ExitCode}: {Stderr}{Stdout}");
}

/// <summary>
/// Runs the real kubectl against an emulator with a generated kubeconfig and a private discovery cache (so runs never
/// share cached discovery with another emulator that happened to get the same port). Dispose to delete both.
/// </summary>
public sealed class Kubectl : IDisposable
{
    /// <summary>Where kubectl is installed on every machine of this project.</summary>
    public const string DefaultBinary = "/usr/bin/kubectl";

    private readonly string _directory;
    private readonly string _binary;

    public Kubectl(KubernetesEmulator emulator, EmulatorCredential credential, string binary = DefaultBinary)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        _binary = binary;
        _directory = Directory.CreateTempSubdirectory("kubectl-").FullName;
        KubeconfigPath = emulator.WriteKubeconfig(Path.Combine(_directory, "kubeconfig"), credential);
        CacheDirectory = Path.Combine(_directory, "cache");
    }

    public string KubeconfigPath { get; }

    public string CacheDirectory { get; }

    /// <summary>Runs <c>kubectl --kubeconfig … --cache-dir … ARGS</c> and waits up to 60 seconds for it.</summary>
    public async Task<KubectlResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(KubeconfigPath);
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(CacheDirectory);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("KUBECONFIG");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within 60 s");
        }
        return new KubectlResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
