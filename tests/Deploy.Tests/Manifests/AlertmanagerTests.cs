using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MeshBot.Deploy.Tests.Support;

namespace MeshBot.Deploy.Tests.Manifests;

/// <summary>
/// The alertmanager overlay: the receiver configuration checked by the real <c>amtool</c> (Debian's
/// prometheus-alertmanager), and the PrometheusRule and ServiceMonitor checked against their schemas (the emulator's dry
/// run does not validate custom resources), against the Service they point at, and against the labels MeshBot reads.
/// </summary>
public sealed partial class AlertmanagerTests
{
    private static readonly string ReceiverFile = Repo.DeployPath("overlays", "alertmanager", "alertmanager-receiver.yml");

    private static Task<Rendered> OverlayAsync() => Kustomize.RenderAsync("overlays/alertmanager");

    [Fact]
    public async Task ReceiverConfiguration_PassesAmtoolCheckConfig()
    {
        var result = await Tools.RunAsync(Tools.Amtool, ["check-config", ReceiverFile]);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("SUCCESS", result.Stdout);
    }

    [Fact]
    public async Task Amtool_RejectsAMisspelledReceiver()
    {
        // The check above is not vacuous: amtool refuses a field Alertmanager does not know.
        var broken = Path.Combine(Path.GetTempPath(), $"meshbot-am-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(ReceiverFile)).Replace("credentials_file:", "credential_file:", StringComparison.Ordinal));
        try
        {
            var result = await Tools.RunAsync(Tools.Amtool, ["check-config", broken]);

            Assert.NotEqual(0, result.ExitCode);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task EveryMeshBotAlert_IsRoutedToMeshBot_AndOtherAlertsAreNot()
    {
        var rule = (await OverlayAsync()).Single("PrometheusRule");

        foreach (var alert in rule.Items("spec", "groups").SelectMany(g => g.Items("rules")))
        {
            var labels = (alert.At("labels") as JsonObject)!.Select(l => $"{l.Key}={l.Value!.GetValue<string>()}");
            var routed = await Tools.RunAsync(Tools.Amtool, ["config", "routes", "test", $"--config.file={ReceiverFile}", $"alertname={alert.Str("alert")}", .. labels]);
            Assert.Equal("meshbot", routed.EnsureSuccess("amtool config routes test").Stdout.Trim());
        }
        var other = await Tools.RunAsync(Tools.Amtool, ["config", "routes", "test", $"--config.file={ReceiverFile}", "alertname=KubePodCrashLooping", "severity=warning"]);
        Assert.Equal("default", other.Stdout.Trim());
    }

    [Fact]
    public async Task Webhook_PostsToTheMeshBotService_WithABearerTokenFromAFile()
    {
        var rendered = await OverlayAsync();
        var service = rendered.Single("Service", "meshbot");
        var config = Yaml.Document(await File.ReadAllTextAsync(ReceiverFile));

        var receiver = config.Items("receivers").Single(r => r.Str("name") == "meshbot");
        var webhook = Assert.Single(receiver.Items("webhook_configs"));
        var url = new Uri(webhook.Str("url")!);
        Assert.Equal($"{service.Name()}.{service.Namespace()}.svc.cluster.local", url.Host);
        Assert.Equal(service.Items("spec", "ports").Single(p => p.Str("name") == "http").Long("port"), url.Port);
        Assert.Equal("/alertmanager", url.AbsolutePath);
        Assert.True(webhook.Bool("send_resolved")); // resolution updates the thread
        Assert.Equal("Bearer", webhook.Str("http_config", "authorization", "type"));
        Assert.EndsWith("/meshbot-alertmanager/bearer-token", webhook.Str("http_config", "authorization", "credentials_file"));
        Assert.Null(webhook.At("http_config", "authorization", "credentials")); // never the token itself
        // The file the overlay renders as a ConfigMap, for reference in the cluster.
        Assert.Equal(await File.ReadAllTextAsync(ReceiverFile), rendered.Single("ConfigMap", "meshbot-alertmanager-receiver").Str("data", "alertmanager-receiver.yml"));
    }

    [Fact]
    public async Task Route_GroupsByThePath_AndKeepsOtherRouting()
    {
        var route = Yaml.Document(await File.ReadAllTextAsync(ReceiverFile)).Items("route", "routes").Single(r => r.Str("receiver") == "meshbot");

        Assert.Equal(["meshbot=\"triage\""], route.Strings("matchers"));
        Assert.True(route.Bool("continue"));
        Assert.Superset(new HashSet<string> { "destination_workload_namespace", "destination_workload", "source_workload_namespace", "source_workload" }, route.Strings("group_by").ToHashSet());
    }

    [Fact]
    public async Task PrometheusRule_IsWellFormed()
    {
        var rule = (await OverlayAsync()).Single("PrometheusRule");

        Assert.Equal("monitoring.coreos.com/v1", rule.Str("apiVersion"));
        Assert.Equal("meshbot", rule.Namespace());
        var groups = rule.Items("spec", "groups");
        Assert.NotEmpty(groups);
        Assert.Equal(groups.Count, groups.Select(g => g.Str("name")).Distinct().Count());
        foreach (var alert in groups.SelectMany(g => g.Items("rules")))
        {
            var name = alert.Str("alert");
            Assert.Matches("^[A-Za-z][A-Za-z0-9]*$", name);
            var expr = alert.Str("expr")!;
            Assert.True(Balanced(expr), $"{name}: unbalanced brackets in {expr}");
            Assert.Matches("^[0-9]+[smhdwy]$", alert.Str("for")!);
            Assert.Equal("triage", alert.Str("labels", "meshbot"));
            Assert.Contains(alert.Str("labels", "severity"), new[] { "warning", "critical" });
            Assert.All((alert.At("labels") as JsonObject)!.Concat(alert.At("annotations") as JsonObject ?? []), kv => Assert.IsAssignableFrom<JsonValue>(kv.Value));
            Assert.NotNull(alert.Str("annotations", "summary"));
            // Templates only name labels the expression keeps.
            var kept = By(expr).SelectMany(b => b).ToHashSet();
            Assert.All(LabelReference().Matches(alert.Str("annotations", "summary") + alert.Str("annotations", "description")).Select(m => m.Groups[1].Value),
                l => Assert.Contains(l, kept));
        }
    }

    [Fact]
    public async Task PrometheusRule_KeepsTheLabelsTheReceiverTurnsIntoADiagnosis()
    {
        var alerts = (await OverlayAsync()).Single("PrometheusRule").Items("spec", "groups").SelectMany(g => g.Items("rules")).ToList();

        var mtls = alerts.Single(a => a.Str("alert") == "IstioMutualTLSConnectionFailures");
        var expr = mtls.Str("expr")!;
        // Each aggregation keeps the path: target (destination), source, and the port when a Telemetry adds one.
        Assert.All(By(expr), by => Assert.Superset(
            new HashSet<string> { "destination_workload_namespace", "destination_workload", "destination_service_namespace", "source_workload_namespace", "source_workload", "destination_port" }, by.ToHashSet()));
        // Istio's standard metrics and labels, from the client's side (the server side never sees the failed handshake).
        Assert.Contains("istio_requests_total{reporter=\"source\"", expr);
        Assert.Contains("istio_tcp_connections_closed_total{reporter=\"source\"", expr);
        Assert.Matches(new Regex("(?s)^\\(.*\\)\\s*> 0$"), expr.Trim()); // the comparison applies to both sides of `or`
        // PromQL regular expressions are anchored at both ends.
        var flags = new Regex("^(?:" + FlagsPattern().Match(expr).Groups[1].Value.Replace("\\\\", "\\", StringComparison.Ordinal) + ")$");
        Assert.All(["UF", "URX", "UC", "UF,URX", "DC,UC"], f => Assert.Matches(flags, f));
        Assert.All(["", "-", "NR", "UH", "DC", "UAEX", "XUF"], f => Assert.DoesNotMatch(flags, f));
        // The control-plane alerts name istiod's pod (namespace/pod), the receiver's fallback target.
        Assert.All(alerts.Where(a => a != mtls), a => Assert.All(By(a.Str("expr")!), by => Assert.Equal(["namespace", "pod"], by)));
        Assert.Contains(alerts, a => a.Str("expr")!.Contains("citadel_server_csr_sign_err_count", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.Str("expr")!.Contains("citadel_server_root_cert_expiry_timestamp", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.Str("expr")!.Contains("sidecar_injection_failure_total", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LabelMap_TriesIstiosDestinationFirst_ThenTheServiceNamespace_ThenThePod()
    {
        var env = (await OverlayAsync()).ConfigMap("meshbot-env");

        Assert.Equal("destination_workload_namespace/destination_workload, destination_service_namespace, namespace/pod", env.Str("data", "MeshBot__Alertmanager__LabelMap__Target"));
    }

    [Fact]
    public async Task ServiceMonitor_ScrapesTheMetricsPortOfTheMeshBotService()
    {
        var rendered = await OverlayAsync();
        var monitor = rendered.Single("ServiceMonitor", "meshbot");
        var service = rendered.Single("Service", "meshbot");

        Assert.Equal("monitoring.coreos.com/v1", monitor.Str("apiVersion"));
        var endpoint = Assert.Single(monitor.Items("spec", "endpoints"));
        Assert.Equal("/metrics", endpoint.Str("path"));
        Assert.Contains(service.Items("spec", "ports"), p => p.Str("name") == endpoint.Str("port"));
        Assert.All(monitor.At("spec", "selector", "matchLabels")!.AsObject(), l => Assert.Equal(l.Value!.GetValue<string>(), service.Str("metadata", "labels", l.Key)));
        Assert.Equal([service.Namespace()!], monitor.Strings("spec", "namespaceSelector", "matchNames"));
    }

    private static bool Balanced(string expr)
    {
        var stack = new Stack<char>();
        foreach (var c in Regex.Replace(expr, "\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""))
        {
            switch (c)
            {
                case '(' or '{' or '[':
                    stack.Push(c);
                    break;
                case ')' or '}' or ']':
                    if (stack.Count == 0 || stack.Pop() != c switch { ')' => '(', '}' => '{', _ => '[' })
                    {
                        return false;
                    }
                    break;
            }
        }
        return stack.Count == 0;
    }

    private static IReadOnlyList<string[]> By(string expr) =>
        ByClause().Matches(expr).Select(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();

    [GeneratedRegex(@"\bby\s*\(([^)]*)\)")]
    private static partial Regex ByClause();

    [GeneratedRegex(@"\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)")]
    private static partial Regex LabelReference();

    [GeneratedRegex("response_flags=~\"([^\"]*)\"")]
    private static partial Regex FlagsPattern();
}
