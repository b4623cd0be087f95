using MeshBot.Bot.Demo.Cluster;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;
using MeshBot.Testing;

namespace MeshBot.Bot.Tests.Demo;

/// <summary>
/// The demo's whole loop, through the real engine, on every scenario row that proposes something (the five demo
/// scenarios and the other broken ones): diagnose (the Scenario table's request and verdict), apply every proposal in
/// order through IClusterWriter, re-diagnose: healthy. Then idempotence: the same proposals again, with the same
/// restart time (what the executor stamps from one approval), change nothing at all; with a later restart time only
/// the rollouts' own footprint changes, because a rollout restart restarts by nature.
/// </summary>
public sealed class DemoScenarioTests
{
    private static readonly string[] DemoScenarios = ["sidecar-missing-namespace", "cross-namespace-dr-disable", "platform-to-strict", "ca-expired", "webhook-down-ignore"];

    // Objects a rollout restart legitimately rewrites: the workloads, their ReplicaSets and pods, and the endpoints that follow the pods.
    private static readonly string[] RolloutFootprint = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Endpoints", "EndpointSlice"];

    private static int[] Proposing => Enumerable.Range(0, Scenario.All.Length).Where(i => Scenario.All[i].ActionWords.Length > 0).ToArray();

    public static TheoryData<int> Rows() => new(Proposing);

    [Fact]
    public void Rows_DemoScenarios_AreAllCovered()
    {
        var fixtures = Proposing.Select(i => Scenario.All[i].Fixture).ToArray();
        Assert.All(DemoScenarios, fixture => Assert.Contains(fixture, fixtures));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Proposals_DemoScenario_TurnTheClusterHealthy(int row)
    {
        var scenario = Scenario.All[row];
        var cluster = DemoClusters.Load(scenario.Fixture);
        var before = await DiagnoseAsync(cluster, scenario);
        Assert.Equal(scenario.Verdict, before.Verdict.Branch);
        var proposals = ProposalPlanner.Plan(before);
        Assert.Equal(scenario.ActionWords, proposals.Select(p => p.Action));

        var at = DateTimeOffset.UtcNow;
        foreach (var proposal in proposals)
        {
            await ProposalApplier.ApplyAsync(cluster, proposal, at);
        }

        var after = await DiagnoseAsync(cluster, scenario);
        Assert.True(after.Verdict.Branch == "healthy", $"{scenario}: {after.Verdict.Branch}: {after.Verdict.Summary}\n{string.Join("\n", cluster.Activity)}");
        Assert.Empty(ProposalPlanner.Plan(after));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Proposals_AppliedAgain_ChangeNothingButRestarts(int row)
    {
        var scenario = Scenario.All[row];
        var cluster = DemoClusters.Load(scenario.Fixture);
        var proposals = ProposalPlanner.Plan(await DiagnoseAsync(cluster, scenario));
        var at = DateTimeOffset.UtcNow;
        foreach (var proposal in proposals)
        {
            await ProposalApplier.ApplyAsync(cluster, proposal, at);
        }

        var applied = await VersionsAsync(cluster);
        var writes = cluster.Writes.Count;
        foreach (var proposal in proposals)
        {
            await ProposalApplier.ApplyAsync(cluster, proposal, at);
        }
        Assert.Equal(applied, await VersionsAsync(cluster));
        Assert.All(cluster.Writes.Skip(writes), w => Assert.False(w.Changed, w.ToString()));

        foreach (var proposal in proposals)
        {
            await ProposalApplier.ApplyAsync(cluster, proposal, at.AddMinutes(5));
        }
        var changed = (await VersionsAsync(cluster)).Except(applied).Select(v => v.Key.Split('/')[0]).Distinct().ToArray();
        Assert.All(changed, kind => Assert.Contains(kind, RolloutFootprint));
        Assert.All(cluster.Writes.Skip(writes).Where(w => w.Changed), w => Assert.Equal("rollout restart", w.Verb));
        Assert.Equal("healthy", (await DiagnoseAsync(cluster, scenario)).Verdict.Branch);
    }

    [Fact]
    public async Task LabelNamespace_Alone_InjectsNoExistingPod()
    {
        var cluster = DemoClusters.Load("sidecar-missing-namespace");
        var label = ProposalPlanner.Plan(await DiagnoseAsync(cluster, Row("sidecar-missing-namespace"))).First(p => p.Action == ActionNames.LabelNamespace);

        await ProposalApplier.ApplyAsync(cluster, label, DateTimeOffset.UtcNow);

        var pods = (await cluster.ListAsync(ResourceKinds.Pod, default)).Items.OfType<Pod>().Where(p => p.Namespace == "payments").ToArray();
        Assert.Equal(2, pods.Length);
        Assert.All(pods, p => Assert.False(p.HasSidecar));
        Assert.Equal("sidecar-missing", (await DiagnoseAsync(cluster, Row("sidecar-missing-namespace"))).Verdict.Branch);
    }

    [Fact]
    public async Task Proposals_SidecarMissingNamespace_RecreatePodsWithSidecars()
    {
        var cluster = DemoClusters.Load("sidecar-missing-namespace");
        foreach (var proposal in ProposalPlanner.Plan(await DiagnoseAsync(cluster, Row("sidecar-missing-namespace"))))
        {
            await ProposalApplier.ApplyAsync(cluster, proposal, DateTimeOffset.UtcNow);
        }

        var pods = (await cluster.ListAsync(ResourceKinds.Pod, default)).Items.OfType<Pod>().Where(p => p.Namespace == "payments").ToArray();
        Assert.Equal(2, pods.Length);
        Assert.All(pods, p => Assert.True(p.HasSidecar && p.Ready && p.Meta.Label("security.istio.io/tlsMode") == "istio", p.Name));
        Assert.DoesNotContain(pods, p => p.Name.StartsWith("api-5f7c9d8b6-", StringComparison.Ordinal));
    }

    private static Scenario Row(string fixture) => Scenario.All.First(s => s.Fixture == fixture);

    private static Task<DiagnosisReport> DiagnoseAsync(InMemoryCluster cluster, Scenario scenario) =>
        new Diagnoser(new MeshOptions(), TimeProvider.System).DiagnoseAsync(cluster, scenario.Request);

    private static async Task<Dictionary<string, string?>> VersionsAsync(InMemoryCluster cluster)
    {
        var versions = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var kind in ResourceKinds.All)
        {
            foreach (var item in (await cluster.ListAsync(kind, default)).Items)
            {
                versions[item.Reference] = item.Meta.ResourceVersion;
            }
        }
        return versions;
    }
}
