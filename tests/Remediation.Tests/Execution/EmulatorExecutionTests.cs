using System.Net;
using System.Text.Json.Nodes;
using MeshBot.Cluster;
using MeshBot.Cluster.Kubernetes;
using MeshBot.Cluster.Kubernetes.Config;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Diagnosis.Runbook;
using MeshBot.KubernetesEmulator;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;
using MeshBot.Cluster.Writing;
using MeshBot.Remediation.Proposals;
using MeshBot.Testing;
using Emulator = MeshBot.KubernetesEmulator.KubernetesEmulator;

namespace MeshBot.Remediation.Tests.Execution;

/// <summary>The executor and the write verbs against the Kubernetes API emulator over TLS: dry run, apply, idempotence, conflict, failure mid-plan.</summary>
public sealed class EmulatorExecutionTests : IAsyncLifetime
{
    private const string Token = "writer";
    private readonly FixtureSnapshot _snapshot = FixtureSnapshot.Materialize("sidecar-missing-namespace");
    private Emulator _emulator = null!;
    private KubernetesTransport _transport = null!;
    private KubernetesWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _emulator = await Emulator.StartAsync(new EmulatorOptions
        {
            SnapshotPath = _snapshot.Path,
            Tokens = new Dictionary<string, EmulatorUser> { [Token] = new("system:serviceaccount:meshbot:meshbot") },
        });
        var kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_snapshot.Path, "writer.kubeconfig"), EmulatorCredential.Token(Token));
        _transport = new KubernetesTransport(KubeconfigLoader.Load(kubeconfig, null, new Dictionary<string, string?>()),
            new KubernetesClientOptions { BaseDelay = TimeSpan.FromMilliseconds(20) });
        _writer = new KubernetesWriter(new KubernetesReader(_transport));
    }

    public async Task DisposeAsync()
    {
        _transport.Dispose();
        await _emulator.DisposeAsync();
        _snapshot.Dispose();
    }

    private static ApprovedProposal Approve(RemediationProposal proposal)
    {
        var policy = new ApprovalPolicy(new ApprovalOptions { Approvers = ["alice", "bob"] }, TimeProvider.System);
        var standing = new ProposalStanding(proposal, "carol", DateTimeOffset.UtcNow, [], AwaitingApproval: true, Executed: false);
        var first = policy.Press(standing, "alice", VoteKind.Approve, stale: false);
        return first.Approved ?? policy.Press(standing with { Votes = [first.Recorded!] }, "bob", VoteKind.Approve, stale: false).Approved!;
    }

    private sealed class Journal : IExecutionJournal
    {
        public List<string> Lines { get; } = [];

        public Task StepStartedAsync(string proposalId, int index, string description, CancellationToken cancellationToken)
        {
            Lines.Add($"started {index}");
            return Task.CompletedTask;
        }

        public Task StepFinishedAsync(string proposalId, StepOutcome outcome, CancellationToken cancellationToken)
        {
            Lines.Add($"{outcome.Status} {outcome.Index}");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Preview_LabelNamespace_DryRunsOnTheServerAndChangesNothing()
    {
        var proposal = ProposalPlanner.Propose(new EnableNamespaceInjection("payments", "why"));
        var before = _emulator.Get("namespaces", null, "payments")!.ToJsonString();

        var preview = await new RemediationExecutor(_writer, TimeProvider.System).PreviewAsync(proposal);

        Assert.True(preview.DryRunPassed);
        Assert.Contains(preview.Writes.Single().Changes, c => c.StartsWith("metadata.labels.istio-injection: (absent) → \"enabled\"", StringComparison.Ordinal));
        Assert.Equal(before, _emulator.Get("namespaces", null, "payments")!.ToJsonString());
        Assert.Contains(_emulator.RequestLog, r => r.Method == "PATCH" && r.Query.Contains("dryRun=All", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_PlanTwice_AppliesOnceThenChangesNothing()
    {
        var executor = new RemediationExecutor(new RolloutController(_writer, _emulator), TimeProvider.System, new RolloutWaitOptions { Timeout = TimeSpan.FromSeconds(5), Interval = TimeSpan.FromMilliseconds(50) });
        var label = Approve(ProposalPlanner.Propose(new EnableNamespaceInjection("payments", "why")));
        var restart = Approve(ProposalPlanner.Propose(new RestartWorkload("Deployment", "payments", "api", 2, "why")));

        var first = new[] { await executor.ExecuteAsync(label, new Journal()), await executor.ExecuteAsync(restart, new Journal()) };
        var version = _emulator.Get("deployments", "payments", "api")!["metadata"]!["resourceVersion"]!.GetValue<string>();
        var second = new[] { await executor.ExecuteAsync(label, new Journal()), await executor.ExecuteAsync(restart, new Journal()) };

        Assert.All(first, r => Assert.True(r.Succeeded, r.Summary()));
        Assert.Equal("enabled", (string?)_emulator.Get("namespaces", null, "payments")!["metadata"]!["labels"]!["istio-injection"]);
        Assert.NotNull(_emulator.Get("deployments", "payments", "api")!["spec"]!["template"]!["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]);
        Assert.All(second.SelectMany(r => r.Steps).Where(s => !s.Description.StartsWith("wait", StringComparison.Ordinal)), s => Assert.Equal(StepStatus.Unchanged, s.Status));
        Assert.Equal(version, _emulator.Get("deployments", "payments", "api")!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_CreateThatExistsAsProposed_IsUnchanged()
    {
        var executor = new RemediationExecutor(_writer, TimeProvider.System);
        var create = Approve(ProposalPlanner.Propose(new AllowPlaintextOnPort("payments", "api", new Dictionary<string, string> { ["app"] = "api" }, 8080, null, "why")));

        var first = await executor.ExecuteAsync(create, new Journal());
        var again = await executor.ExecuteAsync(create, new Journal());

        Assert.Equal(StepStatus.Succeeded, first.Steps.Single().Status);
        Assert.Equal(StepStatus.Unchanged, again.Steps.Single().Status);
    }

    [Fact]
    public async Task Execute_StepForbidden_StopsAndReportsWhatWasNotDone()
    {
        _emulator.Access.Deny("patch", "deployments");
        var executor = new RemediationExecutor(_writer, TimeProvider.System);
        var restart = Approve(ProposalPlanner.Propose(new RestartWorkload("Deployment", "payments", "api", 2, "why")));
        var journal = new Journal();

        var result = await executor.ExecuteAsync(restart, journal);

        Assert.False(result.Succeeded);
        Assert.Equal(StepStatus.Failed, result.Steps[0].Status);
        Assert.Contains("forbidden", result.Steps[0].Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(StepStatus.NotRun, result.Steps[1].Status);
        Assert.Equal(["started 0", "Failed 0"], journal.Lines);
    }

    [Fact]
    public async Task Update_StaleResourceVersion_IsRetriedAfterTheConflict()
    {
        var conflicts = 0;
        var result = await _writer.UpdateAsync(ResourceKinds.Namespace, null, "payments", body =>
        {
            if (conflicts++ == 0)
            {
                // Someone else writes between our read and our write: our resourceVersion is now stale (409).
                _emulator.Load("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"payments","labels":{"team":"core"}}}""");
            }
            body["metadata"]!["labels"]!["owner"] = "sre";
            return true;
        }, dryRun: false);

        Assert.Equal(2, conflicts);
        Assert.NotNull(result);
        Assert.Equal("sre", (string?)_emulator.Get("namespaces", null, "payments")!["metadata"]!["labels"]!["owner"]);
        Assert.Contains(_emulator.RequestLog, r => r.Method == "PUT" && r.Status == (int)HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Patch_StrategicMergeOnACustomResource_IsRefusedBeforeTheServerSays415()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _writer.PatchAsync(ResourceKinds.PeerAuthentication, "istio-system", "default", PatchType.StrategicMerge, "{}", dryRun: true));
    }

    [Fact]
    public async Task Create_Again_Is409AlreadyExistsWithTheServersMessage()
    {
        var body = JsonNode.Parse("""{"metadata":{"name":"dup","namespace":"payments"},"spec":{"mtls":{"mode":"STRICT"}}}""")!.AsObject();
        await _writer.CreateAsync(ResourceKinds.PeerAuthentication, "payments", body, dryRun: false);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => _writer.CreateAsync(ResourceKinds.PeerAuthentication, "payments", JsonNode.Parse(body.ToJsonString())!.AsObject(), dryRun: false));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Equal("AlreadyExists", error.Reason);
    }

    /// <summary>The emulator runs no controllers: after a restart that changed the template, mark the rollout observed and complete, as the Deployment controller would.</summary>
    private sealed class RolloutController(KubernetesWriter inner, Emulator emulator) : IClusterWriter
    {
        public Task<System.Text.Json.JsonElement?> GetAsync(ResourceKind kind, string? ns, string name, CancellationToken cancellationToken = default) => inner.GetAsync(kind, ns, name, cancellationToken);

        public Task<System.Text.Json.JsonElement> CreateAsync(ResourceKind kind, string? ns, JsonObject body, bool dryRun, CancellationToken cancellationToken = default) => inner.CreateAsync(kind, ns, body, dryRun, cancellationToken);

        public Task<System.Text.Json.JsonElement> PatchAsync(ResourceKind kind, string? ns, string name, PatchType type, string patch, bool dryRun, CancellationToken cancellationToken = default) => inner.PatchAsync(kind, ns, name, type, patch, dryRun, cancellationToken);

        public async Task<System.Text.Json.JsonElement> RolloutRestartAsync(ResourceKind kind, string ns, string name, DateTimeOffset at, bool dryRun, CancellationToken cancellationToken = default)
        {
            var before = emulator.Get(kind, ns, name)?["metadata"]?["resourceVersion"]?.GetValue<string>();
            var result = await inner.RolloutRestartAsync(kind, ns, name, at, dryRun, cancellationToken);
            var current = emulator.Get(kind, ns, name)!;
            if (!dryRun && current["metadata"]!["resourceVersion"]!.GetValue<string>() != before)
            {
                var status = current["status"]!.AsObject();
                status["observedGeneration"] = current["metadata"]!["generation"]!.DeepClone();
                status["updatedReplicas"] = current["spec"]!["replicas"]!.DeepClone();
                emulator.Load(current.ToJsonString());
            }
            return result;
        }
    }
}
