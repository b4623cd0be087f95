using System.Globalization;
using System.Text.RegularExpressions;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Bot.Adapters.Alertmanager;

/// <summary>Two alert labels naming one end of the path: its namespace and, optionally, its workload (or pod).</summary>
internal sealed record LabelPair(string NamespaceLabel, string? WorkloadLabel)
{
    public override string ToString() => WorkloadLabel is null ? NamespaceLabel : $"{NamespaceLabel}/{WorkloadLabel}";
}

/// <summary>
/// How an alert's labels become a <see cref="DiagnosisRequest"/> (<c>MeshBot:Alertmanager:LabelMap</c>). Three keys, each an
/// ordered list, written as one comma-separated string or as a JSON array:
/// <list type="bullet">
/// <item><c>Target</c>: <c>NAMESPACE_LABEL[/WORKLOAD_LABEL]</c> pairs, default
/// <c>destination_workload_namespace/destination_workload, namespace/pod</c>.</item>
/// <item><c>Source</c>: pairs as for Target, default <c>source_workload_namespace/source_workload</c>.</item>
/// <item><c>Port</c>: label names, default <c>destination_port</c>.</item>
/// </list>
/// Precedence: the first pair whose namespace label holds a valid namespace name wins, and the workload is read from
/// that same pair only (never mixed across pairs). So Istio's <c>destination_*</c> labels beat <c>namespace</c>/<c>pod</c>,
/// which on Istio metrics describe whichever pod's proxy reported the metric — with <c>reporter="source"</c> that is the
/// client. A pod name is fine as a workload: the engine walks pods to their owner (ReplicaSet → Deployment) anyway.
/// The value <c>unknown</c> (what Istio writes when it cannot tell) counts as absent. A workload or source that is not
/// a valid Kubernetes name is dropped (noted); a port that is not 1–65535 is dropped (noted). Absent or empty keys take
/// the defaults.
/// </summary>
internal sealed partial class AlertLabelMap
{
    public static readonly IReadOnlyList<LabelPair> DefaultTarget = [new("destination_workload_namespace", "destination_workload"), new("namespace", "pod")];

    public static readonly IReadOnlyList<LabelPair> DefaultSource = [new("source_workload_namespace", "source_workload")];

    public static readonly IReadOnlyList<string> DefaultPort = ["destination_port"];

    public static readonly AlertLabelMap Default = new(DefaultTarget, DefaultSource, DefaultPort);

    private static readonly string[] Keys = ["Target", "Source", "Port"];

    public AlertLabelMap(IReadOnlyList<LabelPair> target, IReadOnlyList<LabelPair> source, IReadOnlyList<string> port)
    {
        Target = target;
        Source = source;
        Port = port;
    }

    public IReadOnlyList<LabelPair> Target { get; }

    public IReadOnlyList<LabelPair> Source { get; }

    public IReadOnlyList<string> Port { get; }

    // \A…\z: $ would also match before a final "\n".
    [GeneratedRegex("\\A[a-zA-Z_][a-zA-Z0-9_]*\\z")]
    private static partial Regex LabelName();

    /// <summary>Reads <c>MeshBot:Alertmanager:LabelMap</c>; a malformed value throws naming the key.</summary>
    public static AlertLabelMap Load(IConfigurationSection section)
    {
        foreach (var child in section.GetChildren())
        {
            if (!Keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw AlertmanagerOptions.Malformed($"LabelMap:{child.Key}", "unknown key; LabelMap has Target, Source and Port");
            }
        }
        return new AlertLabelMap(
            Pairs(section, "Target") ?? DefaultTarget,
            Pairs(section, "Source") ?? DefaultSource,
            Items(section, "Port") is { } port ? port.Select(p => LabelOrThrow(p, "Port")).ToArray() : DefaultPort);
    }

    /// <summary>The request these labels describe, or null with the reason when no target namespace can be read.</summary>
    public DiagnosisRequest? Map(IReadOnlyDictionary<string, string> labels, List<string> notes, out string problem)
    {
        problem = "";
        var target = End(labels, Target, "target", notes);
        if (target is null)
        {
            problem = $"no valid namespace in any of the labels {string.Join(", ", Target.Select(p => p.NamespaceLabel))}";
            return null;
        }
        var source = End(labels, Source, "source", notes);
        int? port = null;
        foreach (var label in Port)
        {
            if (Value(labels, label) is not { } text)
            {
                continue;
            }
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535)
            {
                port = p;
                break;
            }
            notes.Add($"port label {label}='{Shorten(text)}' is not a port 1-65535; ignored");
        }
        return new DiagnosisRequest(target, source, port);
    }

    private static TargetSpec? End(IReadOnlyDictionary<string, string> labels, IReadOnlyList<LabelPair> pairs, string role, List<string> notes)
    {
        foreach (var pair in pairs)
        {
            if (Value(labels, pair.NamespaceLabel) is not { } ns)
            {
                continue;
            }
            if (!TargetSpec.TryParse(ns, out var namespaceOnly, out _) || ns.Contains('/'))
            {
                notes.Add($"{role} namespace label {pair.NamespaceLabel}='{Shorten(ns)}' is not a namespace name; ignored");
                continue;
            }
            if (pair.WorkloadLabel is not null && Value(labels, pair.WorkloadLabel) is { } workload)
            {
                if (!workload.Contains('/') && TargetSpec.TryParse($"{ns}/{workload}", out var full, out _))
                {
                    return full;
                }
                notes.Add($"{role} workload label {pair.WorkloadLabel}='{Shorten(workload)}' is not a workload name; diagnosing namespace {ns}");
            }
            return namespaceOnly;
        }
        return null;
    }

    private static string? Value(IReadOnlyDictionary<string, string> labels, string label) =>
        labels.TryGetValue(label, out var value) && value.Length > 0 && value != "unknown" ? value : null;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static List<LabelPair>? Pairs(IConfigurationSection section, string key) =>
        Items(section, key)?.Select(item =>
        {
            var parts = item.Split('/');
            if (parts.Length > 2)
            {
                throw AlertmanagerOptions.Malformed($"LabelMap:{key}", $"'{item}' is not NAMESPACE_LABEL or NAMESPACE_LABEL/WORKLOAD_LABEL");
            }
            return new LabelPair(LabelOrThrow(parts[0], key), parts.Length == 2 ? LabelOrThrow(parts[1], key) : null);
        }).ToList();

    // A string value is a comma-separated list; a JSON array arrives as children 0, 1, …. Null when absent or empty.
    private static List<string>? Items(IConfigurationSection section, string key)
    {
        var entry = section.GetChildren().FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            return null;
        }
        var items = (entry.Value is { } text ? text.Split(',') : entry.GetChildren().Select(c => c.Value ?? ""))
            .Select(i => i.Trim()).Where(i => i.Length > 0).ToList();
        return items.Count == 0 ? null : items;
    }

    private static string LabelOrThrow(string label, string key) =>
        LabelName().IsMatch(label) ? label : throw AlertmanagerOptions.Malformed($"LabelMap:{key}", $"'{label}' is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
}
