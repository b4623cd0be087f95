using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Cluster.Json;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Remediation.Approval;
using MeshBot.Cluster.Writing;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Remediation.Execution;

/// <summary>
/// Runs proposals against a cluster: preview (server-side dry run of every write, the fields it changes, the pods
/// that restart, a fingerprint of what it touches), then — given an <see cref="ApprovedProposal"/> and nothing
/// less — apply, step by step, in order, stopping at the first failure and reporting what was and was not done.
/// Steps are idempotent: a create that already exists as proposed and a patch that changes nothing are
/// <see cref="StepStatus.Unchanged"/>; rollout restarts stamp the approval time, so a repeat changes nothing.
/// </summary>
public sealed class RemediationExecutor(IClusterWriter cluster, TimeProvider time, RolloutWaitOptions? waits = null)
{
    private readonly RolloutWaitOptions _waits = waits ?? new RolloutWaitOptions();

    public async Task<PlanPreview> PreviewAsync(RemediationProposal proposal, CancellationToken cancellationToken = default)
    {
        var previews = new List<WritePreview>();
        var pods = 0;
        foreach (var write in proposal.Writes)
        {
            if (write.Verb == WriteVerb.WaitForRollout)
            {
                previews.Add(new WritePreview(write.Describe(), [], null));
                continue;
            }
            try
            {
                var before = await cluster.GetAsync(write.Kind, write.Namespace, write.Name, cancellationToken).ConfigureAwait(false);
                var after = await ApplyAsync(write, time.GetUtcNow(), dryRun: true, cancellationToken).ConfigureAwait(false);
                if (write.Verb == WriteVerb.RolloutRestart)
                {
                    pods += before?.Int("status", "replicas") ?? before?.Int("spec", "replicas") ?? 0;
                }
                previews.Add(new WritePreview(write.Describe(), before is null ? [$"creates {write.Target}"] : JsonDiff.Changes(before, after), null));
            }
            catch (Exception e) when (e is KubernetesApiException or KubernetesUnreachableException or ArgumentException)
            {
                previews.Add(new WritePreview(write.Describe(), [], e.Message));
            }
        }
        return new PlanPreview(proposal.Id, previews, pods, await FingerprintAsync(proposal, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The resourceVersions of everything the proposal writes ("absent" for objects it creates), hashed.</summary>
    public async Task<string> FingerprintAsync(RemediationProposal proposal, CancellationToken cancellationToken = default)
    {
        var versions = new StringBuilder();
        foreach (var write in proposal.Writes.DistinctBy(w => w.Target))
        {
            var current = await cluster.GetAsync(write.Kind, write.Namespace, write.Name, cancellationToken).ConfigureAwait(false);
            versions.Append(write.Target).Append('=').Append(current?.Str("metadata", "resourceVersion") ?? "absent").Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(versions.ToString())))[..16];
    }

    public async Task<ExecutionResult> ExecuteAsync(ApprovedProposal approved, IExecutionJournal journal, CancellationToken cancellationToken = default)
    {
        var proposal = approved.Proposal;
        var outcomes = new List<StepOutcome>();
        for (var i = 0; i < proposal.Writes.Count; i++)
        {
            var write = proposal.Writes[i];
            await journal.StepStartedAsync(proposal.Id, i, write.Describe(), cancellationToken).ConfigureAwait(false);
            var outcome = await RunStepAsync(i, write, approved.ApprovedAt, cancellationToken).ConfigureAwait(false);
            await journal.StepFinishedAsync(proposal.Id, outcome, cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
            if (outcome.Status == StepStatus.Failed)
            {
                outcomes.AddRange(proposal.Writes.Skip(i + 1).Select((w, j) => new StepOutcome(i + 1 + j, w.Describe(), StepStatus.NotRun, "not run: an earlier step failed")));
                break;
            }
        }
        return new ExecutionResult(proposal.Id, outcomes);
    }

    private async Task<StepOutcome> RunStepAsync(int index, PlannedWrite write, DateTimeOffset approvedAt, CancellationToken cancellationToken)
    {
        try
        {
            if (write.Verb == WriteVerb.WaitForRollout)
            {
                return await WaitAsync(index, write, cancellationToken).ConfigureAwait(false);
            }
            var before = await cluster.GetAsync(write.Kind, write.Namespace, write.Name, cancellationToken).ConfigureAwait(false);
            JsonElement after;
            try
            {
                after = await ApplyAsync(write, approvedAt, dryRun: false, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when (write.Verb == WriteVerb.Create && e.Status == HttpStatusCode.Conflict && before is { } existing)
            {
                return SameSpec(existing, write.Body!)
                    ? new StepOutcome(index, write.Describe(), StepStatus.Unchanged, "already exists as proposed")
                    : new StepOutcome(index, write.Describe(), StepStatus.Failed, $"{write.Target} already exists with a different spec");
            }
            var changed = before is null || before.Value.Str("metadata", "resourceVersion") != after.Str("metadata", "resourceVersion");
            return new StepOutcome(index, write.Describe(), changed ? StepStatus.Succeeded : StepStatus.Unchanged, changed ? "" : "already as proposed");
        }
        catch (Exception e) when (e is KubernetesApiException or KubernetesUnreachableException or ArgumentException or JsonException)
        {
            return new StepOutcome(index, write.Describe(), StepStatus.Failed, e.Message);
        }
    }

    private Task<JsonElement> ApplyAsync(PlannedWrite write, DateTimeOffset at, bool dryRun, CancellationToken cancellationToken) => write.Verb switch
    {
        WriteVerb.Create => cluster.CreateAsync(write.Kind, write.Namespace, JsonNode.Parse(write.Body!)!.AsObject(), dryRun, cancellationToken),
        WriteVerb.Patch => cluster.PatchAsync(write.Kind, write.Namespace, write.Name, write.PatchType ?? PatchType.Merge, write.Body!, dryRun, cancellationToken),
        WriteVerb.RolloutRestart => cluster.RolloutRestartAsync(write.Kind, write.Namespace!, write.Name, at, dryRun, cancellationToken),
        _ => throw new ArgumentException($"{write.Verb} is not a write"),
    };

    private async Task<StepOutcome> WaitAsync(int index, PlannedWrite write, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + _waits.Timeout;
        while (true)
        {
            var current = await cluster.GetAsync(write.Kind, write.Namespace, write.Name, cancellationToken).ConfigureAwait(false);
            var (ready, detail) = RolloutState(current);
            if (ready)
            {
                return new StepOutcome(index, write.Describe(), StepStatus.Succeeded, detail);
            }
            if (time.GetUtcNow() >= deadline)
            {
                return new StepOutcome(index, write.Describe(), StepStatus.Failed, $"not ready after {_waits.Timeout.TotalMinutes:F0} min: {detail}");
            }
            await Task.Delay(_waits.Interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    // kubectl rollout status: the controller saw the new generation and every replica is updated and ready.
    private static (bool Ready, string Detail) RolloutState(JsonElement? current)
    {
        if (current is not { } c)
        {
            return (false, "not found");
        }
        var observed = c.Int("status", "observedGeneration") ?? c.Int("metadata", "generation") ?? 0;
        var generation = c.Int("metadata", "generation") ?? 0;
        // DaemonSets count scheduled pods, not replicas.
        var daemonSet = c.Str("kind") == "DaemonSet" || c.Int("status", "desiredNumberScheduled") is not null;
        var wanted = daemonSet ? c.Int("status", "desiredNumberScheduled") ?? 0 : c.Int("spec", "replicas") ?? 1;
        var updated = daemonSet ? c.Int("status", "updatedNumberScheduled") ?? 0 : c.Int("status", "updatedReplicas") ?? c.Int("status", "replicas") ?? 0;
        var ready = daemonSet ? c.Int("status", "numberReady") ?? 0 : c.Int("status", "readyReplicas") ?? 0;
        return (observed >= generation && updated >= wanted && ready >= wanted, $"{ready}/{wanted} ready, {updated} updated");
    }

    private static bool SameSpec(JsonElement existing, string body) =>
        JsonDiff.Changes(existing.Path("spec"), JsonDocument.Parse(body).RootElement.Path("spec") ?? default).Count == 0;
}
