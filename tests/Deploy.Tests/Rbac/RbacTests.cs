using MeshBot.Deploy.Tests.Support;
using MeshBot.Remediation.Proposals;
using Xunit.Abstractions;

namespace MeshBot.Deploy.Tests.Rbac;

/// <summary>
/// The rendered RBAC against the API calls MeshBot really makes (<see cref="ObservedCalls"/>): every call is allowed,
/// and every (group, resource, verb, name) granted is used by at least one call — nothing beyond it.
/// </summary>
public sealed class RbacTests(ObservedCalls observed, ITestOutputHelper output) : IClassFixture<ObservedCalls>
{
    /// <summary>Every overlay that keeps both roles (all but diagnose-only).</summary>
    public static TheoryData<string> FullOverlays => new(Kustomize.Buildable.Where(d => d != "overlays/diagnose-only"));

    private static async Task<RbacPolicy> PolicyAsync(string directory) =>
        RbacPolicy.For((await Kustomize.RenderAsync(directory)).Objects, "meshbot", "meshbot");

    private static readonly string[] EveryAction =
    [
        ActionNames.LabelNamespace, ActionNames.RolloutRestart, ActionNames.PatchWorkload, ActionNames.CreatePeerAuthentication,
        ActionNames.PatchPeerAuthentication, ActionNames.CreateDestinationRule, ActionNames.PatchDestinationRule,
        ActionNames.RestartIstiod, ActionNames.RestartInjectedWorkloads,
    ];

    [Fact]
    public void Derivation_RanEverySituationAsTheRunbookSays_AndAppliedEveryAction()
    {
        Assert.True(observed.Problems.Count == 0, string.Join('\n', observed.Problems));
        Assert.Equal(EveryAction.Order(), observed.AppliedActions.Keys.Order());
        Assert.Equal(["diagnose", "remediate", "workflow"], observed.Calls.Select(c => c.Phase).Distinct().Order());
        // The cluster answered every call: a 403 or 5xx would have hidden what MeshBot does next.
        Assert.All(observed.Calls, c => Assert.True(c.Status is >= 200 and < 300 or 404, c.ToString()));
    }

    [Fact]
    public void ObservedCalls_Summary()
    {
        // The derived calls, one line per kind of call, for whoever reviews the RBAC.
        foreach (var line in observed.Calls
            .GroupBy(c => c.Call.IsResource
                ? $"{c.Call.Verb,-6} {(c.Call.Group.Length == 0 ? "core" : c.Call.Group)}/{c.Call.ResourceWithSubresource}{(c.Call.Verb is "get" or "list" && c.Call.Name.Length > 0 && c.Call.Resource is "secrets" or "configmaps" ? $" [{c.Call.Name}]" : "")}{(c.Call.Namespace.Length > 0 && c.Call.Resource == "secrets" ? $" -n {c.Call.Namespace}" : "")}"
                : $"{c.Call.Verb,-6} {c.Call.Path}")
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{line.Key}  x{line.Count()} ({string.Join(", ", line.Select(c => c.Phase).Distinct())})");
        }
        foreach (var issue in observed.KnownIssues.Distinct())
        {
            output.WriteLine($"known issue (not a permission problem): {issue}");
        }
        Assert.NotEmpty(observed.Calls);
    }

    [Theory]
    [MemberData(nameof(FullOverlays))]
    public async Task EveryCallMeshBotMakes_IsAllowed(string overlay)
    {
        var policy = await PolicyAsync(overlay);

        var denied = observed.Calls.Where(c => !policy.Allows(c.Call)).Select(c => c.ToString()).Distinct().ToList();

        Assert.True(denied.Count == 0, $"deploy/{overlay} denies calls MeshBot makes:\n{string.Join('\n', denied)}");
    }

    [Theory]
    [MemberData(nameof(FullOverlays))]
    public async Task EveryGrant_IsUsedByACallMeshBotMakes(string overlay)
    {
        var policy = await PolicyAsync(overlay);

        var unused = policy.Grants.SelectMany(g => g.Atoms())
            .Where(atom => !observed.Calls.Any(c => atom.Allows(c.Call)))
            .Select(atom => atom.ToString())
            .ToList();

        Assert.True(unused.Count == 0, $"deploy/{overlay} grants what MeshBot never uses:\n{string.Join('\n', unused)}");
    }

    [Fact]
    public void NonResourceCalls_AreDiscovery_WhichEveryAuthenticatedUserMayRead()
    {
        var nonResource = observed.Calls.Where(c => !c.Call.IsResource).ToList();

        Assert.NotEmpty(nonResource); // the CRD groups' versions are discovered
        Assert.All(nonResource, c => Assert.True(RbacPolicy.SystemDiscovery.Allows(c.Call), c.ToString()));
    }

    [Fact]
    public async Task Rules_HaveNoWildcards_NoEscalation_NoDeletesOrUpdates()
    {
        var rules = (await Kustomize.RenderAsync("base")).Objects.Where(o => o.Kind() is "Role" or "ClusterRole")
            .SelectMany(r => r.Items("rules").Select(PolicyRule.From)).ToList();

        Assert.NotEmpty(rules);
        Assert.All(rules, r =>
        {
            Assert.DoesNotContain("*", r.ApiGroups.Concat(r.Resources).Concat(r.Verbs));
            Assert.Empty(r.NonResourceUrls);
            Assert.Empty(r.Verbs.Intersect(["delete", "deletecollection", "update", "escalate", "bind", "impersonate", "approve", "sign"]));
        });
    }

    [Fact]
    public async Task Secrets_AreReadOnlyByName_InTheRootNamespace()
    {
        var policy = await PolicyAsync("base");

        var secrets = policy.Grants.Where(g => g.Rule.Resources.Contains("secrets")).ToList();

        var grant = Assert.Single(secrets);
        Assert.Equal("istio-system", grant.Namespace);
        Assert.Equal(["get"], grant.Rule.Verbs);
        Assert.Equal(["cacerts", "istio-ca-secret"], grant.Rule.ResourceNames.Order());
        Assert.Equal("Role/meshbot-ca-certificates", grant.Role);
        // What the client actually does with Secrets: a get of each CA secret by name in istio-system, nothing else.
        var calls = observed.Calls.Where(c => c.Call.Resource == "secrets").Select(c => c.Call).Distinct().ToList();
        Assert.All(calls, c => Assert.Equal(("get", "istio-system"), (c.Verb, c.Namespace)));
        Assert.Equal(["cacerts", "istio-ca-secret"], calls.Select(c => c.Name).Distinct().Order());
        Assert.False(policy.Allows(new ApiCall("list", true, "/api/v1/secrets", Resource: "secrets")));
        Assert.False(policy.Allows(new ApiCall("get", true, "/api/v1/namespaces/payments/secrets/api-tls", Resource: "secrets", Namespace: "payments", Name: "api-tls")));
    }

    [Fact]
    public async Task ConfigMaps_OnlyTheIstioRootCertificate()
    {
        var policy = await PolicyAsync("base");

        Assert.True(policy.Allows(new ApiCall("list", true, "/api/v1/configmaps", Resource: "configmaps", Name: "istio-ca-root-cert")));
        Assert.False(policy.Allows(new ApiCall("list", true, "/api/v1/configmaps", Resource: "configmaps")));
        Assert.False(policy.Allows(new ApiCall("get", true, "/api/v1/namespaces/payments/configmaps/app-config", Resource: "configmaps", Namespace: "payments", Name: "app-config")));
    }

    [Fact]
    public async Task Roles_AreSplitByPurpose_DiagnosisReadsAndRemediationWrites()
    {
        var objects = (await Kustomize.RenderAsync("base")).Objects;
        var diagnosis = objects.Single(o => o.Kind() == "ClusterRole" && o.Name() == "meshbot-diagnosis").Items("rules").Select(PolicyRule.From).ToList();
        var remediation = objects.Single(o => o.Kind() == "ClusterRole" && o.Name() == "meshbot-remediation").Items("rules").Select(PolicyRule.From).ToList();

        Assert.All(diagnosis.SelectMany(r => r.Verbs), v => Assert.Contains(v, new[] { "get", "list" }));
        Assert.All(remediation.SelectMany(r => r.Verbs), v => Assert.Contains(v, new[] { "get", "create", "patch" }));
        // Every write MeshBot made is granted by the remediation role, every diagnosis read by the diagnosis roles.
        var writes = observed.Calls.Where(c => c.Call.Verb is "create" or "patch").ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, c => Assert.Contains(remediation, r => r.Allows(c.Call)));
    }

    [Fact]
    public async Task DiagnoseOnly_AllowsEveryRead_AndNoWrite()
    {
        var policy = await PolicyAsync("overlays/diagnose-only");

        var reads = observed.Calls.Where(c => c.Phase == "diagnose").ToList();
        var writes = observed.Calls.Where(c => c.Call.Verb is "create" or "patch").ToList();

        Assert.All(reads, c => Assert.True(policy.Allows(c.Call), c.ToString()));
        Assert.All(writes, c => Assert.False(policy.Allows(c.Call), c.ToString()));
        Assert.DoesNotContain(policy.Grants, g => g.Rule.Verbs.Any(v => v is "create" or "patch"));
    }

    [Fact]
    public async Task Bindings_NameTheServiceAccountTheDeploymentRunsAs()
    {
        var rendered = await Kustomize.RenderAsync("base");

        Assert.Equal("meshbot", rendered.Deployment.Str("spec", "template", "spec", "serviceAccountName"));
        Assert.Contains(rendered.OfKind("ServiceAccount"), sa => sa.Name() == "meshbot" && sa.Namespace() == "meshbot");
        Assert.All(rendered.Objects.Where(o => o.Kind() is "RoleBinding" or "ClusterRoleBinding"), b =>
        {
            var subject = Assert.Single(b.Items("subjects"));
            Assert.Equal(("ServiceAccount", "meshbot", "meshbot"), (subject.Str("kind"), subject.Str("name"), subject.Str("namespace")));
        });
    }

    [Fact]
    public async Task KubectlAuthCanI_AsTheServiceAccount_AnswersFromTheRenderedRbac()
    {
        // The real kubectl asks the emulator (SelfSubjectAccessReview) with the rendered rules loaded.
        using var snapshot = Testing.FixtureSnapshot.Materialize("healthy");
        await using var emulator = await KubernetesEmulator.KubernetesEmulator.StartAsync(new KubernetesEmulator.EmulatorOptions
        {
            SnapshotPath = snapshot.Path,
            Tokens = new Dictionary<string, KubernetesEmulator.EmulatorUser> { ["sa"] = new(ObservedCalls.ServiceAccount, "system:serviceaccounts") },
        });
        RbacPolicy.Restrict(emulator.Access, (await PolicyAsync("base")).Grants, ObservedCalls.ServiceAccount);
        using var kubectl = new KubernetesEmulator.Kubectl(emulator, KubernetesEmulator.EmulatorCredential.Token("sa"));

        async Task<string> CanI(params string[] args) => (await kubectl.RunAsync(["auth", "can-i", .. args])).Stdout.Trim();

        Assert.Equal("yes", await CanI("list", "pods", "-A"));
        Assert.Equal("yes", await CanI("get", "pods", "--subresource=log", "-n", "payments"));
        Assert.Equal("no", await CanI("get", "pods", "-n", "payments"));
        Assert.Equal("yes", await CanI("patch", "deployments.apps", "-n", "payments"));
        Assert.Equal("yes", await CanI("create", "destinationrules.networking.istio.io", "-n", "payments"));
        Assert.Equal("yes", await CanI("get", "secrets", "-n", "istio-system"));
        Assert.Equal("no", await CanI("list", "secrets", "-A"));
        Assert.Equal("no", await CanI("get", "secrets", "-n", "payments"));
        Assert.Equal("no", await CanI("delete", "deployments.apps", "-n", "payments"));
        Assert.Equal("no", await CanI("update", "deployments.apps", "-n", "payments"));
        Assert.Equal("no", await CanI("watch", "pods", "-A"));
        Assert.Equal("no", await CanI("create", "pods", "-n", "payments"));
        // And a read the rules do not grant is refused by the server itself.
        var secrets = await kubectl.RunAsync("get", "secrets", "-A");
        Assert.NotEqual(0, secrets.ExitCode);
        Assert.Contains("forbidden", secrets.Stderr, StringComparison.OrdinalIgnoreCase);
    }
}
