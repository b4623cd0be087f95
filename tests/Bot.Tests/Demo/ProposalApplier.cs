using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using MeshBot.Bot.Demo.Cluster;
using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.Cluster.Writing;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Tests.Demo;

/// <summary>
/// Applies a proposal the way a person following its kubectl would, through <see cref="IClusterWriter"/>: the action
/// word decides the writes, the manifest (or the kubectl's namespace loop) their content. Creates are applies: an
/// object that already exists is merge-patched with the manifest, as <c>kubectl apply</c> would.
/// </summary>
internal static partial class ProposalApplier
{
    private static readonly ResourceKind[] PodControllers = [ResourceKinds.Deployment, ResourceKinds.StatefulSet, ResourceKinds.DaemonSet];

    public static async Task ApplyAsync(InMemoryCluster cluster, RemediationProposal proposal, DateTimeOffset at)
    {
        var (kind, ns, name) = Target(proposal.Target);
        switch (proposal.Action)
        {
            case ActionNames.LabelNamespace:
            case ActionNames.PatchWorkload:
                await cluster.PatchAsync(kind!, ns, name, PatchType.Merge, Json(proposal.Manifest!), dryRun: false);
                break;
            case ActionNames.PatchPeerAuthentication:
            case ActionNames.PatchDestinationRule:
                var type = proposal.Kubectl.Contains("--type=json", StringComparison.Ordinal) ? PatchType.Json : PatchType.Merge;
                await cluster.PatchAsync(kind!, ns, name, type, Json(proposal.Manifest!), dryRun: false);
                break;
            case ActionNames.CreatePeerAuthentication:
            case ActionNames.CreateDestinationRule:
                var body = JsonNode.Parse(SnapshotReader.ReadText(proposal.Manifest!)[0].Raw.GetRawText())!.AsObject();
                if (await cluster.GetAsync(kind!, ns, name) is null)
                {
                    await cluster.CreateAsync(kind!, ns, body, dryRun: false);
                }
                else
                {
                    await cluster.PatchAsync(kind!, ns, name, PatchType.Merge, body.ToJsonString(), dryRun: false);
                }
                break;
            case ActionNames.RolloutRestart:
            case ActionNames.RestartIstiod:
                await cluster.RolloutRestartAsync(kind!, ns!, name, at, dryRun: false);
                break;
            case ActionNames.RestartInjectedWorkloads:
                var namespaces = NamespaceLoop().Match(proposal.Kubectl).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                foreach (var controller in PodControllers)
                {
                    foreach (var workload in (await cluster.ListAsync(controller, default)).Items.Where(w => namespaces.Contains(w.Namespace)))
                    {
                        await cluster.RolloutRestartAsync(controller, workload.Namespace!, workload.Name, at, dryRun: false);
                    }
                }
                break;
            default:
                throw new NotSupportedException($"no writes for action {proposal.Action}");
        }
    }

    /// <summary><c>Kind/namespace/name</c> or <c>Kind/name</c>; the kind is null for the <c>Mesh/…</c> pseudo-target.</summary>
    private static (ResourceKind? Kind, string? Namespace, string Name) Target(string target)
    {
        var parts = target.Split('/');
        var kind = ResourceKinds.All.FirstOrDefault(k => k.Kind == parts[0]);
        return parts.Length == 3 ? (kind, parts[1], parts[2]) : (kind, null, parts[1]);
    }

    private static string Json(string yaml) => YamlJson.Parse(yaml)!.ToJsonString();

    [GeneratedRegex(@"for ns in ([^;]+);")]
    private static partial Regex NamespaceLoop();
}
