using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace MeshBot.Deploy.Tests.Image;

/// <summary>The real Prometheus Alertmanager (Debian's prometheus-alertmanager) on 127.0.0.1, without gossip, with a given configuration.</summary>
internal sealed class AlertmanagerProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus-alertmanager";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private AlertmanagerProcess(Process process, Uri url)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
    }

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

    public static async Task<AlertmanagerProcess> StartAsync(string directory, string configuration)
    {
        var config = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(config, configuration);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { $"--config.file={config}", $"--storage.path={Path.Combine(directory, "alertmanager-data")}", $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=debug" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start");
        var alertmanager = new AlertmanagerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => alertmanager.Append(e.Data);
        process.ErrorDataReceived += (_, e) => alertmanager.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Alertmanager exited with {process.ExitCode}:\n{alertmanager.Log}");
            }
            try
            {
                using var ready = await alertmanager.Http.GetAsync("/-/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return alertmanager;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Alertmanager was not ready within 20 s:\n{alertmanager.Log}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>What Prometheus does when a rule fires: POST /api/v2/alerts.</summary>
    public async Task PostAlertAsync(JsonObject labels)
    {
        var alerts = new JsonArray(new JsonObject { ["labels"] = labels, ["startsAt"] = DateTimeOffset.UtcNow.ToString("O") });
        using var response = await Http.PostAsync("/api/v2/alerts", new StringContent(alerts.ToJsonString(), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
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
    }
}
