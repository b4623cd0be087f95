using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Reports;

/// <summary>
/// The <c>meshbot.diagnosis/v1</c> document of DESIGN.md, field for field; built explicitly so the contract's
/// names and order never depend on C# property names. Additions beyond the contract: <c>diagnosedAt</c>,
/// <c>steps[].summary</c>, <c>remediations[].reason</c>, <c>edge</c> (the per-port TLS contract, <see cref="EdgeJson"/>).
/// </summary>
internal static class DiagnosisJson
{
    public const string ApiVersion = "meshbot.diagnosis/v1";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Build(DiagnosisReport report, IReadOnlyList<RemediationProposal> proposals) => new()
    {
        ["apiVersion"] = ApiVersion,
        ["diagnosedAt"] = report.DiagnosedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["target"] = new JsonObject
        {
            ["namespace"] = report.Request.Target.Namespace,
            ["workload"] = report.Request.Target.Workload,
            ["source"] = report.Request.Source is { } source
                ? new JsonObject { ["namespace"] = source.Namespace, ["workload"] = source.Workload }
                : null,
            ["port"] = report.Request.Port,
        },
        ["verdict"] = new JsonObject { ["branch"] = report.Verdict.Branch, ["summary"] = report.Verdict.Summary },
        ["steps"] = new JsonArray(report.Steps.Select(s => (JsonNode)new JsonObject
        {
            ["branch"] = s.Branch.Wire(),
            ["result"] = s.Result.Wire(),
            ["summary"] = s.Summary,
            ["evidence"] = new JsonArray(s.Evidence.Select(e => (JsonNode)new JsonObject { ["command"] = e.Command, ["observed"] = e.Observed }).ToArray()),
        }).ToArray()),
        ["findings"] = new JsonArray(report.Findings.Select(f => (JsonNode)new JsonObject
        {
            ["id"] = f.Code.Code,
            ["branch"] = f.Branch.Wire(),
            ["severity"] = f.Severity.ToString().ToLowerInvariant(),
            ["resource"] = f.Resource,
            ["message"] = f.Message,
        }).ToArray()),
        ["edge"] = new JsonObject { ["ports"] = new JsonArray(report.Edges.Select(EdgeJson.Port).ToArray()) },
        ["remediations"] = new JsonArray(proposals.Select(p => (JsonNode)new JsonObject
        {
            ["id"] = p.Id,
            ["action"] = p.Action,
            ["target"] = p.Target,
            ["risk"] = p.Risk.ToString().ToLowerInvariant(),
            ["kubectl"] = p.Kubectl,
            ["manifest"] = p.Manifest,
            ["reason"] = p.Reason,
        }).ToArray()),
    };

    public static string Render(DiagnosisReport report, IReadOnlyList<RemediationProposal> proposals) =>
        Build(report, proposals).ToJsonString(Options) + "\n";
}
