using MeshBot.Diagnosis.Certificates;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;
using MeshBot.Cluster.Certificates;

namespace MeshBot.Bot.Reports;

/// <summary>The three renderings of a diagnosis. Every one passes a last private-key redaction, whatever the engine did before.</summary>
internal static class OutputFormats
{
    public static readonly string[] Names = ["text", "json", "markdown"];

    public static string Render(string format, DiagnosisReport report, IReadOnlyList<RemediationProposal> proposals) =>
        PemBlocks.RedactPrivateKeys(format switch
        {
            "json" => DiagnosisJson.Render(report, proposals),
            "markdown" => TriageMarkdown.Render(report, proposals),
            _ => TriageText.Render(report, proposals),
        });
}
