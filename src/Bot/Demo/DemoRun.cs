using MeshBot.Bot.Adapters.Console;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Approval;

namespace MeshBot.Bot.Demo;

/// <summary>
/// The whole loop on an embedded cluster: an alert arrives, the runbook is walked branch by branch, the proposals
/// appear with their dry-run previews, the demo approvers approve (typed at the prompt, or automatically), the
/// fixes apply to the in-memory cluster, and the re-diagnosis proves them. No cluster, no chat workspace.
/// </summary>
public sealed class DemoRun(DemoScenario scenario, TextWriter output, TextReader? input, string storePath, bool storeKept = false, TimeProvider? time = null)
{
    /// <summary>The demo's approvers; a high-risk fix needs both (two-person rule), and the alert itself is the requester.</summary>
    public static readonly string[] Approvers = ["sre-alice", "sre-bob"];

    public const string Requester = "alertmanager";

    public async Task<Incident> RunAsync(bool autoApprove, CancellationToken cancellationToken = default)
    {
        var clock = time ?? TimeProvider.System;
        var cluster = DemoClusters.Load(scenario.Cluster, clock);
        var store = new SqliteIncidentStore($"Data Source={storePath}");
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var runtime = new IncidentRuntime(store, cluster, cluster, new Diagnoser(new MeshOptions(), clock),
            new ApprovalPolicy(new ApprovalOptions { Approvers = Approvers }, clock), clock, [new ConsoleThread(output)]);
        var service = new IncidentService(runtime);

        await output.WriteLineAsync($"meshbot demo: {scenario.Branch} on the embedded cluster \"{scenario.Cluster}\" (in memory; nothing leaves this process)").ConfigureAwait(false);
        await output.WriteLineAsync($"ALERT firing: {scenario.AlertName} for {scenario.Request.Target}{(scenario.Request.Source is null ? "" : $" from {scenario.Request.Source}")} — alertname=\"{scenario.AlertName}\" namespace=\"{scenario.Request.Target.Namespace}\"").ConfigureAwait(false);
        var (incident, _) = await service.OpenAsync(scenario.Request, Requester, "demo", $"demo/{scenario.Branch}/{Guid.NewGuid():N}", cancellationToken).ConfigureAwait(false);

        var prompt = new DemoPrompt(service, incident.Id, output, input);
        if (autoApprove)
        {
            await prompt.ApproveEverythingAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await prompt.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        var final = await store.GetAsync(incident.Id, cancellationToken).ConfigureAwait(false) ?? incident;
        await output.WriteLineAsync($"\n[{final.Id}] ended {final.State}; {cluster.Writes.Count(w => !w.DryRun)} write(s) applied to the demo cluster. {(storeKept ? $"Audit trail: meshbot audit export --store {storePath}" : "Run with --store FILE to keep the audit trail.")}").ConfigureAwait(false);
        return final;
    }
}
