using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

public sealed class AuthorizationPolicy : KubeObject
{
    public AuthorizationPolicy(JsonElement raw) : base(ResourceKinds.AuthorizationPolicy, raw)
    {
        var matchLabels = raw.StringMap("spec", "selector", "matchLabels");
        Selector = matchLabels.Count == 0 ? null : matchLabels;
        Action = raw.Str("spec", "action") ?? "ALLOW";
        var rules = raw.Items("spec", "rules").ToArray();
        RuleCount = rules.Length;
        var sources = rules.SelectMany(r => r.Items("from")).Select(f => f.Path("source")).OfType<JsonElement>().ToArray();
        Principals = sources.SelectMany(s => s.Strings("principals").Concat(s.Strings("notPrincipals"))).ToArray();
        SourceNamespaces = sources.SelectMany(s => s.Strings("namespaces").Concat(s.Strings("notNamespaces"))).ToArray();
    }

    public IReadOnlyDictionary<string, string>? Selector { get; }

    /// <summary>ALLOW, DENY, CUSTOM or AUDIT.</summary>
    public string Action { get; }

    public int RuleCount { get; }

    /// <summary>Principals named in <c>from.source</c>; these need the caller's mTLS identity.</summary>
    public IReadOnlyList<string> Principals { get; }

    /// <summary>Namespaces named in <c>from.source</c>; these need the caller's mTLS identity too.</summary>
    public IReadOnlyList<string> SourceNamespaces { get; }

    public bool NeedsPeerIdentity => Principals.Count > 0 || SourceNamespaces.Count > 0;
}
