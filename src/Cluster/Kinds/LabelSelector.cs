using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

public sealed record SelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values);

/// <summary>A Kubernetes label selector (<c>matchLabels</c> and <c>matchExpressions</c>).</summary>
public sealed record LabelSelector(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<SelectorRequirement> MatchExpressions)
{
    public static readonly LabelSelector Everything = new(JsonElementExtensions.Empty, []);

    public bool IsEmpty => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    public static LabelSelector From(JsonElement? selector) => selector is not { } s
        ? Everything
        : new LabelSelector(
            s.StringMap("matchLabels"),
            s.Items("matchExpressions")
                .Select(e => new SelectorRequirement(e.Str("key") ?? "", e.Str("operator") ?? "", e.Strings("values")))
                .ToArray());

    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        MatchLabels.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && MatchExpressions.All(e => Matches(e, labels));

    private static bool Matches(SelectorRequirement e, IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(e.Key, out var value);
        return e.Operator switch
        {
            "In" => present && e.Values.Contains(value!),
            "NotIn" => !present || !e.Values.Contains(value!),
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => false,
        };
    }

    public override string ToString() => string.Join(",",
        MatchLabels.Select(kv => $"{kv.Key}={kv.Value}")
            .Concat(MatchExpressions.Select(e => e.Operator switch
            {
                "Exists" => e.Key,
                "DoesNotExist" => "!" + e.Key,
                _ => $"{e.Key} {e.Operator.ToLowerInvariant()} ({string.Join(",", e.Values)})",
            })));
}
