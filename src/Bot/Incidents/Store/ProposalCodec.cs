using System.Text.Json;
using MeshBot.Cluster;
using MeshBot.Remediation.Execution;
using MeshBot.Cluster.Writing;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Incidents.Store;

/// <summary>Proposals and previews as stored JSON; resource kinds are kept as apiVersion + kind and resolved on load.</summary>
internal static class ProposalCodec
{
    private sealed record WriteRow(WriteVerb Verb, string ApiVersion, string Kind, string? Namespace, string Name, PatchType? PatchType, string? Body);

    private sealed record ProposalRow(string Id, string Action, string Target, Risk Risk, string Kubectl, string? Manifest, string Reason, IReadOnlyList<WriteRow> Writes);

    public static string Encode(RemediationProposal p) => JsonSerializer.Serialize(new ProposalRow(
        p.Id, p.Action, p.Target, p.Risk, p.Kubectl, p.Manifest, p.Reason,
        p.Writes.Select(w => new WriteRow(w.Verb, w.Kind.ApiVersion, w.Kind.Kind, w.Namespace, w.Name, w.PatchType, w.Body)).ToArray()));

    public static RemediationProposal Decode(string json)
    {
        var row = JsonSerializer.Deserialize<ProposalRow>(json) ?? throw new JsonException("empty proposal");
        return new RemediationProposal(row.Id, row.Action, row.Target, row.Risk, row.Kubectl, row.Manifest, row.Reason,
            row.Writes.Select(w => new PlannedWrite(w.Verb, ResourceKinds.Resolve(w.ApiVersion, w.Kind), w.Namespace, w.Name, w.PatchType, w.Body)).ToArray());
    }

    public static string Encode(PlanPreview preview) => JsonSerializer.Serialize(preview);

    public static PlanPreview DecodePreview(string json) => JsonSerializer.Deserialize<PlanPreview>(json) ?? throw new JsonException("empty preview");
}
