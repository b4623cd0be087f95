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
        var operations = rules.SelectMany(r => r.Items("to")).Select(t => t.Path("operation")).OfType<JsonElement>();
        HttpAttributes = operations.SelectMany(o => HttpOperationFields.Where(f => o.Strings(f).Any()))
            .Concat(sources.SelectMany(s => HttpSourceFields.Where(f => s.Strings(f).Any())))
            .Concat(rules.SelectMany(r => r.Items("when")).Select(w => w.Str("key") ?? "").Where(k => !L4ConditionKeys.Contains(k)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        HasTargetRefs = raw.Items("spec", "targetRefs").Any() || raw.Path("spec", "targetRef") is not null;
    }

    // What ztunnel cannot evaluate (istiod's ambient handleRule: httpOperations, httpSources, l4WhenAttributes).
    private static readonly string[] HttpOperationFields = ["hosts", "notHosts", "methods", "notMethods", "paths", "notPaths"];
    private static readonly string[] HttpSourceFields = ["remoteIpBlocks", "notRemoteIpBlocks", "requestPrincipals", "notRequestPrincipals"];
    private static readonly string[] L4ConditionKeys = ["source.ip", "source.namespace", "source.principal", "destination.ip", "destination.port"];

    /// <summary>The HTTP (L7) fields the rules use: only a sidecar or a waypoint can evaluate them, never ztunnel.</summary>
    public IReadOnlyList<string> HttpAttributes { get; }

    /// <summary>Attached with <c>targetRefs</c> (a waypoint or gateway enforces it), not with a workload selector.</summary>
    public bool HasTargetRefs { get; }

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
