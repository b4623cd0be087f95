using MeshBot.Bot.Adapters.Alertmanager;
using MeshBot.Bot.Cli;
using Microsoft.Extensions.Configuration;

namespace MeshBot.Bot.Tests.Adapters.Alertmanager;

/// <summary>Alert labels → DiagnosisRequest, and <c>MeshBot:Alertmanager</c> read and validated naming the key.</summary>
public sealed class AlertLabelMapTests
{
    private static string? Map(params (string Name, string Value)[] labels) => Map(AlertLabelMap.Default, labels);

    private static string? Map(AlertLabelMap map, params (string Name, string Value)[] labels)
    {
        var request = map.Map(labels.ToDictionary(l => l.Name, l => l.Value), [], out _);
        return request is null ? null : $"{request.Target}|{request.Source}|{request.Port}";
    }

    [Fact]
    public void Map_IstioStandardLabels_TargetSourceAndPort()
    {
        Assert.Equal("payments/api|monitoring/prometheus|8080", Map(
            ("destination_workload_namespace", "payments"), ("destination_workload", "api"),
            ("source_workload_namespace", "monitoring"), ("source_workload", "prometheus"), ("destination_port", "8080")));
    }

    [Fact]
    public void Map_DestinationLabels_BeatNamespaceAndPod_WithoutMixingPairs()
    {
        // namespace/pod on an Istio metric reported by the client's proxy name the client: destination_* wins, whole.
        Assert.Equal("payments|monitoring/prometheus|", Map(
            ("namespace", "monitoring"), ("pod", "prometheus-7d9f-abcde"),
            ("destination_workload_namespace", "payments"), ("source_workload_namespace", "monitoring"), ("source_workload", "prometheus")));
    }

    [Fact]
    public void Map_KubernetesLabels_NamespaceAndPod()
    {
        Assert.Equal("payments/api-5d8f7c9b4-x2x7q||", Map(("namespace", "payments"), ("pod", "api-5d8f7c9b4-x2x7q"), ("alertname", "IstioMTLSFailure")));
        Assert.Equal("payments||", Map(("namespace", "payments")));
    }

    [Fact]
    public void Map_UnknownAndInvalidValues_AreDroppedNotGuessed()
    {
        var notes = new List<string>();
        var request = AlertLabelMap.Default.Map(new Dictionary<string, string>
        {
            ["destination_workload_namespace"] = "unknown", // Istio's placeholder
            ["namespace"] = "payments",
            ["pod"] = "Not_A_Pod",
            ["source_workload_namespace"] = "unknown",
            ["source_workload"] = "unknown",
            ["destination_port"] = "http",
        }, notes, out _);

        Assert.Equal("payments", request!.Target.ToString());
        Assert.Null(request.Source);
        Assert.Null(request.Port);
        Assert.Contains(notes, n => n.Contains("Not_A_Pod", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("destination_port", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("alertname", "IstioMTLSFailure")]
    [InlineData("namespace", "Payments")]
    [InlineData("namespace", "payments/api")]
    [InlineData("namespace", "")]
    [InlineData("namespace", "payments\n")]
    public void Map_NoUsableNamespace_IsNullWithTheReason(string label, string value)
    {
        var request = AlertLabelMap.Default.Map(new Dictionary<string, string> { [label] = value }, [], out var problem);

        Assert.Null(request);
        Assert.Contains("destination_workload_namespace, namespace", problem);
    }

    [Fact]
    public void Load_CommaSeparatedAndArrayForms_ReplaceTheDefaults()
    {
        var options = AlertmanagerOptions.Load(Config(
            ("MeshBot:Alertmanager:BearerToken", "t"),
            ("MeshBot:Alertmanager:LabelMap:Target", "exported_namespace/deployment, kubernetes_namespace"),
            ("MeshBot:Alertmanager:LabelMap:Source:0", "client_namespace/client"),
            ("MeshBot:Alertmanager:LabelMap:Port", "service_port,port")))!;

        Assert.Equal(["exported_namespace/deployment", "kubernetes_namespace"], options.LabelMap.Target.Select(p => p.ToString()));
        Assert.Equal(["client_namespace/client"], options.LabelMap.Source.Select(p => p.ToString()));
        Assert.Equal(["service_port", "port"], options.LabelMap.Port);
        Assert.Equal("orders/checkout|payments/api|9090", Map(options.LabelMap,
            ("exported_namespace", "orders"), ("deployment", "checkout"), ("client_namespace", "payments"), ("client", "api"), ("port", "9090")));
        Assert.Equal(AlertmanagerOptions.DefaultTimeout, options.Timeout);
        Assert.Null(options.Url);
    }

    [Fact]
    public void Load_EmptyLabelMap_TakesTheDefaults()
    {
        var options = AlertmanagerOptions.Load(Config(("MeshBot:Alertmanager:BearerToken", "t"), ("MeshBot:Alertmanager:LabelMap", "")))!;

        Assert.Equal(["destination_workload_namespace/destination_workload", "namespace/pod"], options.LabelMap.Target.Select(p => p.ToString()));
        Assert.Equal(["source_workload_namespace/source_workload"], options.LabelMap.Source.Select(p => p.ToString()));
        Assert.Equal(["destination_port"], options.LabelMap.Port);
    }

    [Fact]
    public void Load_NoToken_IsDisabledWhateverElseIsSet() =>
        Assert.Null(AlertmanagerOptions.Load(Config(("MeshBot:Alertmanager:BearerToken", ""), ("MeshBot:Alertmanager:Url", "http://am:9093"))));

    [Theory]
    [InlineData("MeshBot:Alertmanager:Url", "alertmanager:9093", "MeshBot:Alertmanager:Url")]
    [InlineData("MeshBot:Alertmanager:Url", "ftp://alertmanager", "MeshBot:Alertmanager:Url")]
    [InlineData("MeshBot:Alertmanager:Timeout", "soon", "MeshBot:Alertmanager:Timeout")]
    [InlineData("MeshBot:Alertmanager:LabelMap:Target", "namespace/pod/container", "MeshBot:Alertmanager:LabelMap:Target")]
    [InlineData("MeshBot:Alertmanager:LabelMap:Port", "destination-port", "MeshBot:Alertmanager:LabelMap:Port")]
    [InlineData("MeshBot:Alertmanager:LabelMap:Target", "namespace\n/pod", "MeshBot:Alertmanager:LabelMap:Target")]
    [InlineData("MeshBot:Alertmanager:LabelMap:Taget", "namespace", "MeshBot:Alertmanager:LabelMap:Taget")]
    [InlineData("MeshBot:Alertmanager:BearerToken", "two words", "MeshBot:Alertmanager:BearerToken")]
    public void Load_MalformedValue_StopsNamingTheKey(string key, string value, string named)
    {
        var settings = new List<(string, string)> { ("MeshBot:Alertmanager:BearerToken", "t"), (key, value) };
        var error = Assert.Throws<CliException>(() => AlertmanagerOptions.Load(Config([.. settings])));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Load_Url_KeepsTheRoutePrefixForApiAndUiLinks()
    {
        var options = AlertmanagerOptions.Load(Config(("MeshBot:Alertmanager:BearerToken", "t"), ("MeshBot:Alertmanager:Url", "https://am.example/alertmanager/")))!;

        Assert.Equal("https://am.example/alertmanager", options.BaseUrl);
    }

    internal static IConfiguration Config(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            values[key] = value; // later settings win, as in layered configuration
        }
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
