using MeshBot.Diagnosis.Mesh;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Tests.Mesh;

public sealed class DestinationRuleResolverTests
{
    private const string Host = "api.payments.svc.cluster.local";

    public static TheoryData<string, string[], string, int?, string?, RuleLevel, TlsMode?> Cases => new()
    {
        // name, rules, client namespace, service port, expected rule, level, tls (null = not set: auto mTLS)
        { "no rule: auto mTLS", [], "orders", 80, null, RuleLevel.None, null },
        { "client namespace rule applies", [ClusterYaml.DestinationRule("orders", "off", Host, "DISABLE")], "orders", 80, "off", RuleLevel.ClientNamespace, TlsMode.Disable },
        { "client namespace rule beats service namespace rule", [ClusterYaml.DestinationRule("orders", "off", Host, "DISABLE"), ClusterYaml.DestinationRule("payments", "on", Host, "ISTIO_MUTUAL")], "orders", 80, "off", RuleLevel.ClientNamespace, TlsMode.Disable },
        { "service namespace rule exported by default", [ClusterYaml.DestinationRule("payments", "on", Host, "ISTIO_MUTUAL")], "orders", 80, "on", RuleLevel.ServiceNamespace, TlsMode.IstioMutual },
        { "service namespace rule private to its namespace", [ClusterYaml.DestinationRule("payments", "on", Host, "DISABLE", exportTo: "\".\"")], "orders", 80, null, RuleLevel.None, null },
        { "private rule still applies inside its namespace", [ClusterYaml.DestinationRule("payments", "on", Host, "DISABLE", exportTo: "\".\"")], "payments", 80, "on", RuleLevel.ClientNamespace, TlsMode.Disable },
        { "exportTo naming the client", [ClusterYaml.DestinationRule("payments", "on", Host, "SIMPLE", exportTo: "orders")], "orders", 80, "on", RuleLevel.ServiceNamespace, TlsMode.Simple },
        { "exportTo naming another namespace", [ClusterYaml.DestinationRule("payments", "on", Host, "SIMPLE", exportTo: "billing")], "orders", 80, null, RuleLevel.None, null },
        { "root namespace rule is the last level", [ClusterYaml.DestinationRule("istio-system", "mesh", "*.local", "ISTIO_MUTUAL")], "orders", 80, "mesh", RuleLevel.RootNamespace, TlsMode.IstioMutual },
        { "local rule without tls hides mesh-wide ISTIO_MUTUAL", [ClusterYaml.DestinationRule("istio-system", "mesh", "*.local", "ISTIO_MUTUAL"), ClusterYaml.DestinationRule("orders", "lb", Host, null)], "orders", 80, "lb", RuleLevel.ClientNamespace, null },
        { "exact host before wildcard", [ClusterYaml.DestinationRule("orders", "wild", "*.payments.svc.cluster.local", "DISABLE"), ClusterYaml.DestinationRule("orders", "exact", Host, "ISTIO_MUTUAL")], "orders", 80, "exact", RuleLevel.ClientNamespace, TlsMode.IstioMutual },
        { "longer wildcard before shorter", [ClusterYaml.DestinationRule("orders", "all", "*.local", "DISABLE"), ClusterYaml.DestinationRule("orders", "ns", "*.payments.svc.cluster.local", "SIMPLE")], "orders", 80, "ns", RuleLevel.ClientNamespace, TlsMode.Simple },
        { "short host resolves in the rule's namespace", [ClusterYaml.DestinationRule("payments", "short", "api", "DISABLE")], "orders", 80, "short", RuleLevel.ServiceNamespace, TlsMode.Disable },
        { "short host in the client namespace means another service", [ClusterYaml.DestinationRule("orders", "short", "api", "DISABLE")], "orders", 80, null, RuleLevel.None, null },
        { "port-level entry replaces top level for its port", [ClusterYaml.DestinationRule("orders", "p", Host, "ISTIO_MUTUAL", portLevel: "{port: {number: 80}, tls: {mode: DISABLE}}")], "orders", 80, "p", RuleLevel.ClientNamespace, TlsMode.Disable },
        { "port-level entry without tls drops top-level tls", [ClusterYaml.DestinationRule("orders", "p", Host, "DISABLE", portLevel: "{port: {number: 80}, connectionPool: {tcp: {maxConnections: 10}}}")], "orders", 80, "p", RuleLevel.ClientNamespace, null },
        { "port-level entry for another port leaves top level", [ClusterYaml.DestinationRule("orders", "p", Host, "DISABLE", portLevel: "{port: {number: 9000}, tls: {mode: ISTIO_MUTUAL}}")], "orders", 80, "p", RuleLevel.ClientNamespace, TlsMode.Disable },
        { "workloadSelector rule ignored for a whole-namespace client", [ClusterYaml.DestinationRule("orders", "sel", Host, "DISABLE", workloadSelector: "app: checkout")], "orders", 80, null, RuleLevel.None, null },
        // istiod's namespaceLocal index (push_context.go setDestinationRules): only rules whose exportTo includes their own namespace.
        { "client namespace rule not exported to its own namespace does not apply there", [ClusterYaml.DestinationRule("orders", "elsewhere", Host, "DISABLE", exportTo: "billing"), ClusterYaml.DestinationRule("payments", "on", Host, "ISTIO_MUTUAL")], "orders", 80, "on", RuleLevel.ServiceNamespace, TlsMode.IstioMutual },
        { "client namespace rule exported to its own namespace by name applies", [ClusterYaml.DestinationRule("orders", "self", Host, "DISABLE", exportTo: "orders")], "orders", 80, "self", RuleLevel.ClientNamespace, TlsMode.Disable },
        // A client in the root namespace: its private exportTo ["."] rules first (rootNamespaceLocal), its exported ones last.
        { "root client: private root rule before the service namespace's", [ClusterYaml.DestinationRule("istio-system", "local", Host, "DISABLE", exportTo: "\".\""), ClusterYaml.DestinationRule("payments", "on", Host, "ISTIO_MUTUAL")], "istio-system", 80, "local", RuleLevel.ClientNamespace, TlsMode.Disable },
        { "root client: exported root rule after the service namespace's", [ClusterYaml.DestinationRule("istio-system", "mesh", Host, "DISABLE"), ClusterYaml.DestinationRule("payments", "on", Host, "ISTIO_MUTUAL")], "istio-system", 80, "on", RuleLevel.ServiceNamespace, TlsMode.IstioMutual },
        { "root client: exported root rule when nothing else matches", [ClusterYaml.DestinationRule("istio-system", "mesh", "*.local", "ISTIO_MUTUAL")], "istio-system", 80, "mesh", RuleLevel.RootNamespace, TlsMode.IstioMutual },
        { "oldest rule with a trafficPolicy wins within a level", [ClusterYaml.DestinationRule("orders", "young", Host, "ISTIO_MUTUAL", created: "2026-10-09T00:00:00Z"), ClusterYaml.DestinationRule("orders", "old", Host, "DISABLE", created: "2026-10-02T00:00:00Z")], "orders", 80, "old", RuleLevel.ClientNamespace, TlsMode.Disable },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolve_Case_PicksIstioRule(string name, string[] rules, string client, int? port, string? rule, RuleLevel level, TlsMode? tls)
    {
        var cluster = ClusterYaml.Parse([ClusterYaml.Namespace("orders"), .. rules]);
        var effective = new DestinationRuleResolver(cluster.DestinationRules, "istio-system").Resolve(client, null, Host, "payments", port);

        Assert.True(rule == effective.Rule?.Name, $"{name}: expected {rule ?? "none"}, got {effective.Explain()}");
        Assert.Equal(level, effective.Level);
        Assert.Equal(tls, effective.Tls);
    }

    [Fact]
    public void Resolve_WorkloadSelectorMatchingClient_Applies()
    {
        var cluster = ClusterYaml.Parse(ClusterYaml.DestinationRule("orders", "sel", Host, "DISABLE", workloadSelector: "app: checkout"));
        var labels = new Dictionary<string, string> { ["app"] = "checkout" };

        var effective = new DestinationRuleResolver(cluster.DestinationRules, "istio-system").Resolve("orders", labels, Host, "payments", 80);

        Assert.Equal(TlsMode.Disable, effective.Tls);
    }

    [Fact]
    public void Resolve_WorkloadSelectorRuleInServiceNamespace_IsNeverExported()
    {
        var cluster = ClusterYaml.Parse(ClusterYaml.DestinationRule("payments", "sel", Host, "DISABLE", workloadSelector: "app: checkout"));
        var labels = new Dictionary<string, string> { ["app"] = "checkout" };

        var effective = new DestinationRuleResolver(cluster.DestinationRules, "istio-system").Resolve("orders", labels, Host, "payments", 80);

        Assert.Null(effective.Rule);
    }
}
