using System.Diagnostics;
using System.Net;
using System.Text;

namespace MeshBot.Bot.Tests.Adapters.Alertmanager;

/// <summary>
/// A real Prometheus Alertmanager (Debian package <c>prometheus-alertmanager</c>) on 127.0.0.1, without gossip
/// (<c>--cluster.listen-address=</c>), with a temporary storage path and a config whose one receiver is MeshBot's
/// <c>POST /alertmanager</c> with a bearer token, and short grouping timers.
/// </summary>
internal sealed class AlertmanagerProcess : IAsyncDisposable
{
    /// <summary>The Debian package's binary; <c>MESHBOT_ALERTMANAGER_BINARY</c> names another one.</summary>
    public static readonly string Binary = Environment.GetEnvironmentVariable("MESHBOT_ALERTMANAGER_BINARY") is { Length: > 0 } binary ? binary : "/usr/bin/prometheus-alertmanager";

    public const string InstallHint = "apt-get update && apt-get install -y prometheus-alertmanager";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private AlertmanagerProcess(Process process, string directory, Uri url)
    {
        _process = process;
        _directory = directory;
        Url = url;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Why the real-Alertmanager tests cannot run here, or null. On CI (<c>CI=true</c>) they run and fail instead.</summary>
    public static string? SkipReason =>
        File.Exists(Binary) || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{Binary} is not installed ({InstallHint}); on CI (CI=true) this test fails instead of skipping";

    public static async Task<AlertmanagerProcess> StartAsync(int port, Uri webhook, string token)
    {
        Assert.True(File.Exists(Binary), $"Prometheus Alertmanager is required for this test and is missing: {Binary} not found. Install the Debian package: {InstallHint}");
        var directory = Directory.CreateTempSubdirectory("meshbot-alertmanager-").FullName;
        var config = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: meshbot
              group_by: [alertname]
              group_wait: 200ms
              group_interval: 500ms
              repeat_interval: 1h
            receivers:
              - name: meshbot
                webhook_configs:
                  - url: {webhook}
                    send_resolved: true
                    http_config:
                      authorization:
                        type: Bearer
                        credentials: {token}
            """);
        var url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}", $"--storage.path={Path.Combine(directory, "data")}", $"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=", "--log.level=debug",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var alertmanager = new AlertmanagerProcess(process, directory, url);
        process.OutputDataReceived += (_, e) => alertmanager.Append(e.Data);
        process.ErrorDataReceived += (_, e) => alertmanager.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (process.HasExited)
            {
                await alertmanager.DisposeAsync();
                Assert.Fail($"Alertmanager exited with {process.ExitCode}:\n{alertmanager.Log}");
            }
            try
            {
                using var ready = await alertmanager.Http.GetAsync("/-/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return alertmanager;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                await alertmanager.DisposeAsync();
                Assert.Fail($"Alertmanager did not become ready within 10 s:\n{alertmanager.Log}");
            }
            await Task.Delay(50);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A fact that needs the real Alertmanager: skipped where it is not installed, except on CI where it must fail.</summary>
public sealed class AlertmanagerFactAttribute : FactAttribute
{
    public AlertmanagerFactAttribute()
    {
        if (AlertmanagerProcess.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
