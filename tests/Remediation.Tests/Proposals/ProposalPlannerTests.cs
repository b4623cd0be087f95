using System.Text.Json.Nodes;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;
using YamlDotNet.RepresentationModel;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Remediation.Tests.Proposals;

public sealed class ProposalPlannerTests
{
    private static YamlMappingNode Yaml(string? text)
    {
        Assert.NotNull(text);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static string Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    /// <summary>The JSON after <c>-p '</c> in a kubectl patch command, unquoted as a shell would.</summary>
    private static JsonNode PatchArgument(string kubectl)
    {
        var start = kubectl.IndexOf("-p '", StringComparison.Ordinal) + 4;
        return JsonNode.Parse(kubectl[start..kubectl.LastIndexOf('\'')].Replace("'\\''", "'", StringComparison.Ordinal))!;
    }

    public static TheoryData<RemediationNeed, string, string, Risk> DefaultRisks => new()
    {
        { new EnableNamespaceInjection("payments", "why"), "label-namespace", "Namespace/payments", Risk.Low },
        { new EnrolNamespaceInAmbient("payments", "why"), "label-namespace", "Namespace/payments", Risk.Low },
        { new RestartWorkload("Deployment", "payments", "api", 2, "why"), "rollout-restart", "Deployment/payments/api", Risk.Medium },
        { new RemovePodOptOut("StatefulSet", "payments", "db", true, false, "why"), "patch-workload", "StatefulSet/payments/db", Risk.Medium },
        { new AllowPlaintextOnPort("payments", "api", new Dictionary<string, string> { ["app"] = "api" }, 8080, null, "why"), "create-peer-authentication", "PeerAuthentication/payments/api-allow-plaintext-8080", Risk.Medium },
        { new AllowPlaintextOnPort("payments", "api", new Dictionary<string, string> { ["app"] = "api" }, 8080, "api-strict", "why"), "patch-peer-authentication", "PeerAuthentication/payments/api-strict", Risk.Medium },
        { new SetHostTls("payments", "prometheus.monitoring.svc.cluster.local", TlsMode.Disable, "why"), "create-destination-rule", "DestinationRule/payments/prometheus-monitoring-disable", Risk.Medium },
        { new ChangeDestinationRuleTls("orders", "api-plaintext", null, TlsMode.Disable, TlsMode.IstioMutual, "why"), "patch-destination-rule", "DestinationRule/orders/api-plaintext", Risk.Medium },
        { new RestartIstiod("istio-system", "istiod", "why"), "restart-istiod", "Deployment/istio-system/istiod", Risk.High },
        { new RestartInjectedWorkloads(["orders", "payments"], [new WorkloadRef("Deployment", "orders", "checkout"), new WorkloadRef("Deployment", "payments", "api")], 3, "why"), "restart-injected-workloads", "Mesh/injected-namespaces", Risk.High },
    };

    [Fact]
    public void Propose_EnrolInAmbient_LabelsTheDataplaneModeNotInjection()
    {
        var proposal = ProposalPlanner.Propose(new EnrolNamespaceInAmbient("payments", "why"));

        Assert.Equal("kubectl label namespace payments istio.io/dataplane-mode=ambient --overwrite", proposal.Kubectl);
        Assert.Equal("ambient", Scalar(Yaml(proposal.Manifest), "metadata", "labels", "istio.io/dataplane-mode"));
        Assert.DoesNotContain("istio-injection", proposal.Manifest);
    }

    [Theory]
    [MemberData(nameof(DefaultRisks))]
    public void Propose_EachNeed_UsesContractActionTargetAndDefaultRisk(RemediationNeed need, string action, string target, Risk risk)
    {
        var proposal = ProposalPlanner.Propose(need);

        Assert.Equal((action, target, risk), (proposal.Action, proposal.Target, proposal.Risk));
        Assert.Matches($"^{action}-[0-9a-f]{{8}}$", proposal.Id);
        Assert.DoesNotContain(':', proposal.Id);
        Assert.Equal(proposal.Id, ProposalPlanner.Propose(need).Id);
    }

    [Fact]
    public void Propose_DifferentTargets_GetDifferentIds()
    {
        var a = ProposalPlanner.Propose(new RestartWorkload("Deployment", "payments", "api", 1, "why"));
        var b = ProposalPlanner.Propose(new RestartWorkload("Deployment", "payments", "web", 1, "why"));

        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public void CreatePeerAuthentication_Manifest_IsPortLevelPermissiveOnlyWithTheWorkloadSelector()
    {
        var need = new AllowPlaintextOnPort("payments", "api", new Dictionary<string, string> { ["app"] = "api" }, 8080, null, "why");

        var proposal = ProposalPlanner.Propose(need);
        var manifest = Yaml(proposal.Manifest);

        Assert.Equal("security.istio.io/v1", Scalar(manifest, "apiVersion"));
        Assert.Equal("PeerAuthentication", Scalar(manifest, "kind"));
        Assert.Equal("payments", Scalar(manifest, "metadata", "namespace"));
        Assert.Equal("api", Scalar(manifest, "spec", "selector", "matchLabels", "app"));
        Assert.Equal("PERMISSIVE", Scalar(manifest, "spec", "portLevelMtls", "8080", "mode"));
        Assert.False(((YamlMappingNode)At(manifest, "spec")).Children.ContainsKey(new YamlScalarNode("mtls")), "the top-level mode must stay unset so other ports keep STRICT");
        Assert.Contains(proposal.Manifest!, proposal.Kubectl);
    }

    [Fact]
    public void CreateDestinationRule_Manifest_IsExactHostPrivateToTheClientNamespace()
    {
        var proposal = ProposalPlanner.Propose(new SetHostTls("payments", "prometheus.monitoring.svc.cluster.local", TlsMode.Disable, "why"));
        var manifest = Yaml(proposal.Manifest);

        Assert.Equal("networking.istio.io/v1", Scalar(manifest, "apiVersion"));
        Assert.Equal("payments", Scalar(manifest, "metadata", "namespace"));
        Assert.Equal("prometheus.monitoring.svc.cluster.local", Scalar(manifest, "spec", "host"));
        Assert.Equal(".", ((YamlScalarNode)((YamlSequenceNode)At(manifest, "spec", "exportTo")).Children.Single()).Value);
        Assert.Equal("DISABLE", Scalar(manifest, "spec", "trafficPolicy", "tls", "mode"));
    }

    [Fact]
    public void PatchDestinationRule_TopLevel_IsAMergePatchMatchingTheManifest()
    {
        var proposal = ProposalPlanner.Propose(new ChangeDestinationRuleTls("orders", "api-plaintext", null, TlsMode.Disable, TlsMode.IstioMutual, "why"));

        Assert.Contains("--type=merge", proposal.Kubectl);
        Assert.Equal("ISTIO_MUTUAL", (string?)PatchArgument(proposal.Kubectl)["spec"]!["trafficPolicy"]!["tls"]!["mode"]);
        Assert.Equal("ISTIO_MUTUAL", Scalar(Yaml(proposal.Manifest), "spec", "trafficPolicy", "tls", "mode"));
    }

    [Fact]
    public void PatchDestinationRule_PortLevel_IsAJsonPatchByIndex()
    {
        var proposal = ProposalPlanner.Propose(new ChangeDestinationRuleTls("orders", "api", 1, TlsMode.Simple, TlsMode.IstioMutual, "why"));
        var op = PatchArgument(proposal.Kubectl).AsArray().Single()!;

        Assert.Contains("--type=json", proposal.Kubectl);
        Assert.Equal("replace", (string?)op["op"]);
        Assert.Equal("/spec/trafficPolicy/portLevelSettings/1/tls/mode", (string?)op["path"]);
        Assert.Equal("ISTIO_MUTUAL", (string?)op["value"]);
    }

    [Fact]
    public void PatchWorkload_LabelAndAnnotation_NullsBoth()
    {
        var proposal = ProposalPlanner.Propose(new RemovePodOptOut("Deployment", "payments", "api", true, true, "why"));
        var metadata = PatchArgument(proposal.Kubectl)["spec"]!["template"]!["metadata"]!.AsObject();

        Assert.True(metadata["labels"]!.AsObject().ContainsKey("sidecar.istio.io/inject"));
        Assert.Null(metadata["labels"]!["sidecar.istio.io/inject"]);
        Assert.Null(metadata["annotations"]!["sidecar.istio.io/inject"]);
    }

    [Fact]
    public void PatchPeerAuthentication_AddsOnlyThePortEntry()
    {
        var proposal = ProposalPlanner.Propose(new AllowPlaintextOnPort("payments", "api", new Dictionary<string, string> { ["app"] = "api" }, 8080, "api-strict", "why"));
        var spec = PatchArgument(proposal.Kubectl)["spec"]!.AsObject();

        Assert.Equal(["portLevelMtls"], spec.Select(p => p.Key));
        Assert.Equal("PERMISSIVE", (string?)spec["portLevelMtls"]!["8080"]!["mode"]);
        Assert.Contains("kubectl patch peerauthentication api-strict -n payments --type=merge", proposal.Kubectl);
    }

    [Fact]
    public void LabelNamespace_Kubectl_OverwritesTheInjectionLabel()
    {
        var proposal = ProposalPlanner.Propose(new EnableNamespaceInjection("payments", "why"));

        Assert.Equal("kubectl label namespace payments istio-injection=enabled --overwrite", proposal.Kubectl);
        Assert.Equal("enabled", Scalar(Yaml(proposal.Manifest), "metadata", "labels", "istio-injection"));
    }

    [Fact]
    public void RestartInjectedWorkloads_Kubectl_NamesEveryNamespaceAndTheBlastRadius()
    {
        var proposal = ProposalPlanner.Propose(new RestartInjectedWorkloads(["orders", "payments"], [new WorkloadRef("Deployment", "orders", "checkout"), new WorkloadRef("Deployment", "payments", "api")], 3, "3 pods restart"));

        Assert.Contains("for ns in orders payments;", proposal.Kubectl);
        Assert.Contains("3 pods restart", proposal.Reason);
        Assert.Null(proposal.Manifest);
    }

    [Fact]
    public void Writes_EveryAction_MatchTheProposalTheHumanSees()
    {
        var selector = new Dictionary<string, string> { ["app"] = "api" };
        var label = ProposalPlanner.Propose(new EnableNamespaceInjection("payments", "why"));
        var create = ProposalPlanner.Propose(new AllowPlaintextOnPort("payments", "api", selector, 8080, null, "why"));
        var istiod = ProposalPlanner.Propose(new RestartIstiod("istio-system", "istiod", "why"));
        var all = ProposalPlanner.Propose(new RestartInjectedWorkloads(["orders", "payments"], [new WorkloadRef("Deployment", "orders", "checkout"), new WorkloadRef("StatefulSet", "payments", "db")], 3, "why"));

        var patch = Assert.Single(label.Writes);
        Assert.Equal((WriteVerb.Patch, "Namespace/payments"), (patch.Verb, patch.Target));
        Assert.Equal("enabled", (string?)JsonNode.Parse(patch.Body!)!["metadata"]!["labels"]!["istio-injection"]);

        var created = Assert.Single(create.Writes);
        Assert.Equal((WriteVerb.Create, create.Target), (created.Verb, created.Target));
        Assert.Equal("PERMISSIVE", (string?)JsonNode.Parse(created.Body!)!["spec"]!["portLevelMtls"]!["8080"]!["mode"]);

        Assert.Equal([WriteVerb.RolloutRestart, WriteVerb.WaitForRollout], istiod.Writes.Select(w => w.Verb));
        Assert.Equal(["Deployment/orders/checkout", "StatefulSet/payments/db"], all.Writes.Where(w => w.Verb == WriteVerb.RolloutRestart).Select(w => w.Target));
        Assert.Equal(all.Writes.Where(w => w.Verb == WriteVerb.RolloutRestart).Select(w => w.Target), all.Writes.Where(w => w.Verb == WriteVerb.WaitForRollout).Select(w => w.Target));
    }
}
