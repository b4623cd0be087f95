using MeshBot.Diagnosis.Mesh;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Tests.Mesh;

public sealed class PeerAuthenticationResolverTests
{
    private static readonly Dictionary<string, string> Api = new() { ["app"] = "api", ["version"] = "v1" };

    public static TheoryData<string, string[], int?, MtlsMode, PolicyLevel, string?> Cases => new()
    {
        // name, policies, container port, expected mode, level that decided, policy that decided
        { "no policy anywhere is PERMISSIVE", [], null, MtlsMode.Permissive, PolicyLevel.Default, null },
        { "mesh STRICT applies", [ClusterYaml.PeerAuthentication("istio-system", "default", "STRICT")], null, MtlsMode.Strict, PolicyLevel.Mesh, "default" },
        { "mesh UNSET counts as PERMISSIVE", [ClusterYaml.PeerAuthentication("istio-system", "default", "UNSET")], 8080, MtlsMode.Permissive, PolicyLevel.Mesh, "default" },
        { "namespace overrides mesh", [ClusterYaml.PeerAuthentication("istio-system", "default", "STRICT"), ClusterYaml.PeerAuthentication("payments", "ns", "PERMISSIVE")], null, MtlsMode.Permissive, PolicyLevel.Namespace, "ns" },
        { "namespace UNSET inherits mesh", [ClusterYaml.PeerAuthentication("istio-system", "default", "STRICT"), ClusterYaml.PeerAuthentication("payments", "ns", "UNSET")], null, MtlsMode.Strict, PolicyLevel.Mesh, "default" },
        { "namespace without mtls inherits mesh", [ClusterYaml.PeerAuthentication("istio-system", "default", "DISABLE"), ClusterYaml.PeerAuthentication("payments", "ns", null)], null, MtlsMode.Disable, PolicyLevel.Mesh, "default" },
        { "workload STRICT over namespace PERMISSIVE", [ClusterYaml.PeerAuthentication("payments", "ns", "PERMISSIVE"), ClusterYaml.PeerAuthentication("payments", "api-strict", "STRICT", "app: api")], 8080, MtlsMode.Strict, PolicyLevel.Workload, "api-strict" },
        { "workload UNSET inherits namespace", [ClusterYaml.PeerAuthentication("payments", "ns", "STRICT"), ClusterYaml.PeerAuthentication("payments", "api", "UNSET", "app: api")], 8080, MtlsMode.Strict, PolicyLevel.Namespace, "ns" },
        { "port-level PERMISSIVE on its port", [ClusterYaml.PeerAuthentication("payments", "api-strict", "STRICT", "app: api", "9000: {mode: PERMISSIVE}")], 9000, MtlsMode.Permissive, PolicyLevel.Port, "api-strict" },
        { "port-level entry does not touch another port", [ClusterYaml.PeerAuthentication("payments", "api-strict", "STRICT", "app: api", "9000: {mode: PERMISSIVE}")], 8080, MtlsMode.Strict, PolicyLevel.Workload, "api-strict" },
        { "port-level UNSET inherits the workload mode", [ClusterYaml.PeerAuthentication("payments", "ns", "DISABLE"), ClusterYaml.PeerAuthentication("payments", "api", "STRICT", "app: api", "9000: {mode: UNSET}")], 9000, MtlsMode.Strict, PolicyLevel.Workload, "api" },
        { "port-level on an UNSET workload policy inherits then overrides", [ClusterYaml.PeerAuthentication("istio-system", "default", "STRICT"), ClusterYaml.PeerAuthentication("payments", "api", null, "app: api", "8080: {mode: DISABLE}")], 8080, MtlsMode.Disable, PolicyLevel.Port, "api" },
        { "selector that does not match is ignored", [ClusterYaml.PeerAuthentication("payments", "ns", "PERMISSIVE"), ClusterYaml.PeerAuthentication("payments", "web", "STRICT", "app: web")], 8080, MtlsMode.Permissive, PolicyLevel.Namespace, "ns" },
        { "selector must be a subset of the labels", [ClusterYaml.PeerAuthentication("payments", "v2", "STRICT", "app: api, version: v2")], 8080, MtlsMode.Permissive, PolicyLevel.Default, null },
        { "oldest namespace policy wins", [ClusterYaml.PeerAuthentication("payments", "young", "STRICT", created: "2026-10-05T00:00:00Z"), ClusterYaml.PeerAuthentication("payments", "old", "DISABLE", created: "2026-10-01T00:00:00Z")], null, MtlsMode.Disable, PolicyLevel.Namespace, "old" },
        { "oldest workload policy wins", [ClusterYaml.PeerAuthentication("payments", "b-new", "DISABLE", "app: api", created: "2026-10-09T00:00:00Z"), ClusterYaml.PeerAuthentication("payments", "z-old", "STRICT", "app: api", created: "2026-10-02T00:00:00Z")], 8080, MtlsMode.Strict, PolicyLevel.Workload, "z-old" },
        { "same timestamp: name decides", [ClusterYaml.PeerAuthentication("payments", "beta", "STRICT"), ClusterYaml.PeerAuthentication("payments", "alpha", "DISABLE")], null, MtlsMode.Disable, PolicyLevel.Namespace, "alpha" },
        { "oldest mesh policy wins", [ClusterYaml.PeerAuthentication("istio-system", "late", "DISABLE", created: "2026-10-03T00:00:00Z"), ClusterYaml.PeerAuthentication("istio-system", "early", "STRICT", created: "2026-10-02T00:00:00Z")], null, MtlsMode.Strict, PolicyLevel.Mesh, "early" },
        { "root-namespace selector policy does not reach other namespaces", [ClusterYaml.PeerAuthentication("istio-system", "api-everywhere", "STRICT", "app: api")], 8080, MtlsMode.Permissive, PolicyLevel.Default, null },
        { "another namespace's policy does not apply", [ClusterYaml.PeerAuthentication("orders", "ns", "STRICT")], null, MtlsMode.Permissive, PolicyLevel.Default, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolve_Case_GivesIstioMode(string name, string[] policies, int? port, MtlsMode mode, PolicyLevel level, string? decidedBy)
    {
        var cluster = ClusterYaml.Parse([ClusterYaml.Namespace("payments"), .. policies]);
        var effective = new PeerAuthenticationResolver(cluster.PeerAuthentications, "istio-system").Resolve("payments", Api, port);

        Assert.True(mode == effective.Mode, $"{name}: expected {mode}, got {effective.Explain()}");
        Assert.Equal(level, effective.DecidedAt);
        Assert.Equal(decidedBy, effective.DecidedBy?.Name);
    }

    // istiod's ComposePeerAuthentication (pilot/pkg/security/authn/policy_applier.go) drops a selector policy in the
    // root namespace; its table test "ignore non-emptypb selector in root namespace"; istio/istio#61023.
    [Fact]
    public void Resolve_RootNamespaceSelectorPolicy_IsIgnoredAlsoForWorkloadsThere()
    {
        var cluster = ClusterYaml.Parse(ClusterYaml.PeerAuthentication("istio-system", "default", "STRICT"), ClusterYaml.PeerAuthentication("istio-system", "gw", "PERMISSIVE", "app: api"));

        var effective = new PeerAuthenticationResolver(cluster.PeerAuthentications, "istio-system").Resolve("istio-system", Api, 8080);

        Assert.Equal(MtlsMode.Strict, effective.Mode);
        Assert.Equal(PolicyLevel.Mesh, effective.DecidedAt);
        Assert.Equal("default", effective.DecidedBy?.Name);
        Assert.Null(effective.Workload);
    }

    // The same test table's "mesh vs namespace": a root-namespace policy whose selector has no labels is the mesh policy.
    [Fact]
    public void Resolve_RootNamespacePolicyWithEmptySelector_IsTheMeshPolicy()
    {
        var cluster = ClusterYaml.Parse("""
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: default, namespace: istio-system}
            spec: {selector: {matchLabels: {}}, mtls: {mode: STRICT}}
            """);

        var effective = new PeerAuthenticationResolver(cluster.PeerAuthentications, "istio-system").Resolve("payments", Api, 8080);

        Assert.Equal(MtlsMode.Strict, effective.Mode);
        Assert.Equal(PolicyLevel.Mesh, effective.DecidedAt);
    }

    [Fact]
    public void Explain_PortOverride_NamesEveryLevel()
    {
        var cluster = ClusterYaml.Parse(
            ClusterYaml.PeerAuthentication("istio-system", "default", "STRICT"),
            ClusterYaml.PeerAuthentication("payments", "ns", "PERMISSIVE"),
            ClusterYaml.PeerAuthentication("payments", "api-strict", "STRICT", "app: api", "9000: {mode: PERMISSIVE}"));

        var text = new PeerAuthenticationResolver(cluster.PeerAuthentications, "istio-system").Resolve("payments", Api, 9000).Explain();

        Assert.Contains("PERMISSIVE on container port 9000", text);
        Assert.Contains("mesh: istio-system/default STRICT", text);
        Assert.Contains("namespace: payments/ns PERMISSIVE", text);
        Assert.Contains("workload: payments/api-strict STRICT", text);
        Assert.Contains("port 9000 PERMISSIVE", text);
    }
}
