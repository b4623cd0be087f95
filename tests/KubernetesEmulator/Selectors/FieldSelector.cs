using System.Text;
using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Api;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Json;

namespace MeshBot.KubernetesEmulator.Selectors;

/// <summary>
/// The <c>fieldSelector</c> query: <c>field=value</c>, <c>field==value</c>, <c>field!=value</c>, ANDed, over the fields
/// each kind supports on the real server (metadata.name and metadata.namespace everywhere; more for pods, events…).
/// </summary>
internal sealed class FieldSelector
{
    private static readonly Dictionary<string, string[]> Common = new(StringComparer.Ordinal)
    {
        ["metadata.name"] = ["metadata", "name"],
        ["metadata.namespace"] = ["metadata", "namespace"],
    };

    private static readonly Dictionary<string, Dictionary<string, string[]>> PerKind = new(StringComparer.Ordinal)
    {
        ["/pods"] = Fields("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.nominatedNodeName"),
        ["/events"] = new(Fields("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "type"),
            StringComparer.Ordinal) { ["source"] = ["source", "component"] },
        ["/namespaces"] = Fields("status.phase"),
        ["/secrets"] = Fields("type"),
        ["/nodes"] = Fields("spec.unschedulable"),
        ["apps/replicasets"] = Fields("status.replicas"),
    };

    private sealed record Term(string[] Path, string Value, bool Negated);

    private readonly IReadOnlyList<Term> _terms;

    private FieldSelector(IReadOnlyList<Term> terms) => _terms = terms;

    public bool IsEmpty => _terms.Count == 0;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new FieldSelector([]);
        }
        var supported = PerKind.GetValueOrDefault(type.Group + "/" + type.Plural);
        var terms = new List<Term>();
        foreach (var part in SplitUnescaped(text, ','))
        {
            var (field, value, negated) = SplitTerm(part);
            var path = Common.GetValueOrDefault(field) ?? supported?.GetValueOrDefault(field);
            if (path is null)
            {
                throw StatusErrors.BadRequest(type.Custom
                    ? $"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
                    : $"field label not supported: {field}");
            }
            terms.Add(new Term(path, value, negated));
        }
        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj) => _terms.All(t => ((obj.Str(t.Path) ?? "") == t.Value) != t.Negated);

    private static Dictionary<string, string[]> Fields(params string[] fields) =>
        fields.ToDictionary(f => f, f => f.Split('.'), StringComparer.Ordinal);

    private static (string Field, string Value, bool Negated) SplitTerm(string term)
    {
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = IndexOfUnescaped(term, op);
            if (at > 0)
            {
                return (term[..at].Trim(), Unescape(term[(at + op.Length)..]), op == "!=");
            }
        }
        throw StatusErrors.BadRequest($"invalid selector: '{term}'; can't understand '{term}'");
    }

    private static int IndexOfUnescaped(string text, string op)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == separator)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private static string Unescape(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }
            builder.Append(value[i]);
        }
        return builder.ToString();
    }
}
