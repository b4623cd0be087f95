using System.Collections.Concurrent;
using MeshBot.Bot.Incidents;
using MeshBot.Deploy.Tests.Support;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Cluster.Kubernetes;
using MeshBot.Cluster.Kubernetes.Config;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.KubernetesEmulator;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;
using MeshBot.Cluster.Writing;
using MeshBot.Remediation.Proposals;
using MeshBot.Testing;
using Emulator = MeshBot.KubernetesEmulator.KubernetesEmulator;

namespace MeshBot.Deploy.Tests.Rbac;

/// <summary>One API request MeshBot made, and where: which situation, and which part of MeshBot made it.</summary>
public sealed record ObservedCall(ApiCall Call, int Status, string Situation, string Phase)
{
    public override string ToString() => $"{Call} -> {Status} [{Situation}: {Phase}]";
}

/// <summary>
/// Derives the API calls MeshBot makes by running its real client against the Kubernetes API emulator, as the
/// service account the manifests create, for every <see cref="Situation"/>:
/// <list type="number">
/// <item><c>diagnose</c>: the <see cref="Diagnoser"/> over <see cref="KubernetesApiSource"/> (what every diagnosis,
/// re-diagnosis and verification reads), and the <c>/readyz</c> probe's read (<see cref="Bot.Hosting.ReadinessChecks"/>:
/// one list of namespaces);</item>
/// <item><c>remediate</c>: <see cref="ProposalPlanner"/>'s proposals for the report, each previewed by the
/// <see cref="RemediationExecutor"/> over <see cref="KubernetesWriter"/> (server-side dry runs), then approved through
/// <see cref="ApprovalPolicy.Press"/> by configured approvers (two for high risk) and executed;</item>
/// <item><c>workflow</c>: the same cluster afresh through the incident workflow <c>meshbot serve</c> runs
/// (<see cref="IncidentService"/>: open, diagnose, preview, press Approve on every proposal, execute, verify).</item>
/// </list>
/// Requests are taken from <see cref="Emulator.RequestLog"/> (what the server saw, discovery included). The first two
/// run with the emulator's own authorizer loaded from the rendered base RBAC (<see cref="AccessPolicy"/>, deny by
/// default: a second, independent check that the rules allow the calls; it has no resourceNames, which
/// <see cref="RbacPolicy"/> checks), the workflow with everything allowed (the calls MeshBot makes unconstrained).
/// </summary>
public sealed class ObservedCalls : IAsyncLifetime
{
    public const string ServiceAccount = "system:serviceaccount:meshbot:meshbot";
    private const string Token = "meshbot-service-account-token";
    private static readonly string[] Approvers = ["alice", "bob"];
    private const string Requester = "carol";

    private readonly ConcurrentBag<ObservedCall> _calls = [];
    private readonly ConcurrentBag<string> _problems = [];
    private readonly ConcurrentBag<string> _knownIssues = [];

    public IReadOnlyList<ObservedCall> Calls => [.. _calls];

    /// <summary>Situations whose diagnosis or remediation did not go as the runbook says (the derivation would be incomplete).</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>
    /// Failures of MeshBot itself that do not hide any call from the derivation, reported rather than failed on:
    /// the executor's rollout wait reads Deployment/StatefulSet status fields (replicas, updatedReplicas,
    /// readyReplicas), which a DaemonSet does not have (it reports desiredNumberScheduled, updatedNumberScheduled,
    /// numberReady), so waiting for a restarted DaemonSet times out. The restart itself (the write) succeeds.
    /// </summary>
    public IReadOnlyList<string> KnownIssues => [.. _knownIssues];

    /// <summary>Which action words were previewed and applied, over all situations.</summary>
    public ConcurrentDictionary<string, int> AppliedActions { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var grants = RbacPolicy.For((await Kustomize.RenderAsync("base")).Objects, "meshbot", "meshbot").Grants;
        using var limit = new SemaphoreSlim(4); // mostly waiting on HTTP round trips, even on two cores
        // The incident workflow runs once per distinct cluster and plan (two requests of one scenario may propose the same).
        var workflow = Situation.All.Where(s => s.Actions.Length > 0).DistinctBy(s => (s.Fixture, string.Join(' ', s.Actions))).ToHashSet();
        await Task.WhenAll(Situation.All.Select(async situation =>
        {
            await limit.WaitAsync();
            try
            {
                await RunAsync(situation, grants, workflow.Contains(situation));
            }
            catch (Exception e)
            {
                _problems.Add($"{situation}: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                limit.Release();
            }
        }));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task RunAsync(Situation situation, IReadOnlyList<Grant> grants, bool workflow)
    {
        using var snapshot = FixtureSnapshot.Materialize(situation.Fixture);
        situation.Change?.Invoke(snapshot.Path);

        // 1 + 2: diagnose, then preview and apply every proposal.
        await using (var emulator = await StartAsync(snapshot, situation))
        using (var client = new Client(emulator))
        {
            RbacPolicy.Restrict(emulator.Access, grants, ServiceAccount);
            var report = await new Diagnoser(new MeshOptions(), TimeProvider.System).DiagnoseAsync(client.Source, situation.Request);
            await client.Source.ListAsync(MeshBot.Cluster.ResourceKinds.Namespace, CancellationToken.None); // /readyz
            Record(emulator, situation, "diagnose");
            Expect(situation, report);

            var executor = new RemediationExecutor(new SimulatedControllers(client.Writer, emulator), TimeProvider.System, Waits);
            var proposals = ProposalPlanner.Plan(report);
            foreach (var proposal in proposals)
            {
                var preview = await executor.PreviewAsync(proposal);
                foreach (var failed in preview.Writes.Where(w => w.Error is not null))
                {
                    _problems.Add($"{situation}: preview of {proposal.Action} {failed.Description}: {failed.Error}");
                }
            }
            foreach (var proposal in proposals)
            {
                var result = await executor.ExecuteAsync(Approve(proposal), NoJournal.Instance);
                foreach (var step in result.Steps.Where(s => s.Status is not (StepStatus.Succeeded or StepStatus.Unchanged)))
                {
                    var problem = $"{situation}: {proposal.Action} step {step.Description}: {step.Status} {step.Detail}";
                    _problems.Add(problem); // DaemonSet waits read desiredNumberScheduled/numberReady since the executor fix
                }
                AppliedActions.AddOrUpdate(proposal.Action, 1, (_, n) => n + 1);
            }
            Record(emulator, situation, "remediate");
        }

        // 3: the incident workflow of meshbot serve, on the same cluster afresh.
        if (!workflow)
        {
            return;
        }
        using var workflowSnapshot = FixtureSnapshot.Materialize(situation.Fixture);
        situation.Change?.Invoke(workflowSnapshot.Path);
        await using (var emulator = await StartAsync(workflowSnapshot, situation))
        using (var client = new Client(emulator))
        {
            var db = Path.Combine(Path.GetTempPath(), $"meshbot-deploy-{Guid.NewGuid():N}.db");
            try
            {
                var store = new SqliteIncidentStore($"Data Source={db};Pooling=False");
                await store.MigrateAsync();
                var service = new IncidentService(new IncidentRuntime(
                    store, new CachedClusterSource(client.Source, TimeSpan.FromSeconds(5), TimeProvider.System), new SimulatedControllers(client.Writer, emulator),
                    new Diagnoser(new MeshOptions(), TimeProvider.System), new ApprovalPolicy(new ApprovalOptions { Approvers = Approvers }, TimeProvider.System),
                    TimeProvider.System, [], Waits));
                var (incident, _) = await service.OpenAsync(situation.Request, Requester, "command");
                foreach (var stored in await store.ProposalsAsync(incident.Id))
                {
                    foreach (var approver in Approvers.Take(stored.Proposal.Risk >= Risk.High ? 2 : 1))
                    {
                        var outcome = await service.PressAsync(incident.Id, stored.Id, approver, VoteKind.Approve);
                        if (outcome.Refused)
                        {
                            _problems.Add($"{situation}: workflow refused {approver}'s approval of {stored.Proposal.Action}: {outcome.Message}");
                        }
                    }
                }
                Record(emulator, situation, "workflow");
            }
            finally
            {
                foreach (var file in new[] { db, db + "-wal", db + "-shm" }.Where(File.Exists))
                {
                    File.Delete(file);
                }
            }
        }
    }

    private static bool IsDaemonSetWait(StepOutcome step) =>
        step.Status == StepStatus.Failed && step.Description.StartsWith("wait for DaemonSet/", StringComparison.Ordinal);

    private static readonly RolloutWaitOptions Waits = new() { Timeout = TimeSpan.FromSeconds(1), Interval = TimeSpan.FromMilliseconds(10) };

    private static Task<Emulator> StartAsync(FixtureSnapshot snapshot, Situation situation) => Emulator.StartAsync(new EmulatorOptions
    {
        SnapshotPath = snapshot.Path,
        Tokens = new Dictionary<string, EmulatorUser> { [Token] = new(ServiceAccount, "system:serviceaccounts", "system:serviceaccounts:meshbot") },
        InstalledCustomResourceGroups = situation.InstalledGroups,
    });

    private void Expect(Situation situation, DiagnosisReport report)
    {
        var actions = ProposalPlanner.Plan(report).Select(p => p.Action).ToArray();
        if (report.Verdict.Branch != situation.Verdict || !actions.SequenceEqual(situation.Actions))
        {
            _problems.Add($"{situation}: expected {situation.Verdict} [{string.Join(' ', situation.Actions)}], got {report.Verdict.Branch} [{string.Join(' ', actions)}]");
        }
    }

    private static ApprovedProposal Approve(RemediationProposal proposal)
    {
        var policy = new ApprovalPolicy(new ApprovalOptions { Approvers = Approvers }, TimeProvider.System);
        var votes = new List<Vote>();
        foreach (var approver in Approvers)
        {
            var outcome = policy.Press(new ProposalStanding(proposal, Requester, TimeProvider.System.GetUtcNow(), votes, AwaitingApproval: true, Executed: false), approver, VoteKind.Approve, stale: false);
            if (outcome.Approved is { } approved)
            {
                return approved;
            }
            votes.Add(outcome.Recorded ?? throw new InvalidOperationException($"{approver}'s approval of {proposal.Id} was refused: {outcome.Message}"));
        }
        throw new InvalidOperationException($"{proposal.Id} was not approved by {string.Join(" and ", Approvers)}");
    }

    private void Record(Emulator emulator, Situation situation, string phase)
    {
        foreach (var request in emulator.RequestLog)
        {
            if (request.User != ServiceAccount)
            {
                _problems.Add($"{situation}: a request as {request.User ?? "nobody"}: {request.Method} {request.Path}");
                continue;
            }
            _calls.Add(new ObservedCall(ApiCall.From(request), request.Status, situation.Name, phase));
        }
        emulator.ClearRequestLog();
    }

    /// <summary>MeshBot's client as <c>meshbot serve</c> builds it, from a kubeconfig for the service account's token.</summary>
    private sealed class Client : IDisposable
    {
        private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"meshbot-deploy-{Guid.NewGuid():N}.kubeconfig");
        private readonly KubernetesTransport _transport;

        public Client(Emulator emulator)
        {
            emulator.WriteKubeconfig(_kubeconfig, EmulatorCredential.Token(Token));
            _transport = new KubernetesTransport(KubeconfigLoader.Load(_kubeconfig, null, new Dictionary<string, string?>()));
            var reader = new KubernetesReader(_transport);
            Source = new KubernetesApiSource(reader, "istio-system");
            Writer = new KubernetesWriter(reader);
        }

        public KubernetesApiSource Source { get; }

        public KubernetesWriter Writer { get; }

        public void Dispose()
        {
            _transport.Dispose();
            File.Delete(_kubeconfig);
        }
    }

    private sealed class NoJournal : IExecutionJournal
    {
        public static readonly NoJournal Instance = new();

        public Task StepStartedAsync(string proposalId, int index, string description, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StepFinishedAsync(string proposalId, StepOutcome outcome, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
