using System.Text.RegularExpressions;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>
/// A path end as a user types it: <c>NAMESPACE</c> or <c>NAMESPACE/WORKLOAD</c>. Names are validated as
/// Kubernetes names (RFC 1123 label for namespaces, subdomain for workloads) before they go anywhere.
/// </summary>
public sealed partial record TargetSpec(string Namespace, string? Workload)
{
    // \A and \z, not ^ and $: in .NET $ also matches before a final "\n", which let "payments\n" through as a name.
    [GeneratedRegex("\\A[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\z")]
    private static partial Regex Label();

    [GeneratedRegex("\\A[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex Subdomain();

    public static TargetSpec Parse(string text)
    {
        if (!TryParse(text, out var spec, out var error))
        {
            throw new ArgumentException(error);
        }
        return spec!;
    }

    public static bool TryParse(string? text, out TargetSpec? spec, out string error)
    {
        spec = null;
        error = "";
        var parts = (text ?? "").Split('/');
        if (string.IsNullOrWhiteSpace(text) || parts.Length > 2)
        {
            error = $"'{text}' is not NAMESPACE or NAMESPACE/WORKLOAD";
            return false;
        }
        if (!Label().IsMatch(parts[0]))
        {
            error = $"'{parts[0]}' is not a valid namespace name (lower-case letters, digits and '-', at most 63)";
            return false;
        }
        if (parts.Length == 2 && (parts[1].Length > 253 || !Subdomain().IsMatch(parts[1])))
        {
            error = $"'{parts[1]}' is not a valid workload name (lower-case letters, digits, '-' and '.', at most 253)";
            return false;
        }
        spec = new TargetSpec(parts[0], parts.Length == 2 ? parts[1] : null);
        return true;
    }

    public override string ToString() => Workload is null ? Namespace : $"{Namespace}/{Workload}";
}
