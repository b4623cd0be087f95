namespace MeshBot.KubernetesEmulator.Security;

/// <summary>
/// Matches rule patterns against a request: comma-separated alternatives, <c>*</c> for anything, resources as
/// <c>pods</c>, <c>pods/log</c> or group-qualified <c>deployments.apps</c>.
/// </summary>
internal static class ResourcePattern
{
    public static bool MatchesVerb(string pattern, string verb) =>
        Alternatives(pattern).Any(p => p == "*" || string.Equals(p, verb, StringComparison.OrdinalIgnoreCase));

    public static bool MatchesResource(string pattern, string group, string resourceWithSubresource) =>
        Alternatives(pattern).Any(p =>
        {
            if (p == "*")
            {
                return true;
            }
            var slash = p.IndexOf('/', StringComparison.Ordinal);
            var head = slash < 0 ? p : p[..slash];
            var sub = slash < 0 ? "" : p[slash..];
            var dot = head.IndexOf('.', StringComparison.Ordinal);
            if (dot >= 0 && !string.Equals(head[(dot + 1)..], group, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            var resource = (dot < 0 ? head : head[..dot]) + sub;
            return string.Equals(resource, resourceWithSubresource, StringComparison.OrdinalIgnoreCase);
        });

    private static IEnumerable<string> Alternatives(string pattern) =>
        pattern.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
