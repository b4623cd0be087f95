using System.Text;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Reports;

/// <summary>The triage note as Markdown, for tickets and incident documents: commands in code blocks, steps in a table.</summary>
internal static class TriageMarkdown
{
    public static string Render(DiagnosisReport report, IReadOnlyList<RemediationProposal> proposals)
    {
        var md = new StringBuilder();
        md.AppendLine($"## mTLS triage: {Escape(report.Path.Describe())}");
        md.AppendLine();
        md.AppendLine($"**Verdict: `{report.Verdict.Branch}`** — {Escape(report.Verdict.Summary)}");
        md.AppendLine();
        md.AppendLine($"_Source: {Escape(report.Source)}, {report.DiagnosedAt:yyyy-MM-dd HH:mm:ss}Z_");
        md.AppendLine();
        md.AppendLine("| # | Branch | Result | Summary |");
        md.AppendLine("|---|---|---|---|");
        for (var i = 0; i < report.Steps.Count; i++)
        {
            var s = report.Steps[i];
            md.AppendLine($"| {i + 1} | `{s.Branch.Wire()}` | {s.Result.Wire()} | {Cell(s.Summary)} |");
        }
        md.AppendLine();

        if (report.Edges.Count > 0)
        {
            md.AppendLine($"| {string.Join(" | ", EdgeTable.Header)} |");
            md.AppendLine("|---|---|---|---|");
            foreach (var edge in report.Edges)
            {
                md.AppendLine($"| {string.Join(" | ", EdgeTable.Cells(edge).Select(Cell))} |");
            }
            md.AppendLine();
        }

        foreach (var step in new[] { report.ControlPlane, report.Symptoms }.Concat(report.Steps))
        {
            md.AppendLine($"### {step.Branch.Wire()}: {step.Result.Wire()}");
            md.AppendLine();
            md.AppendLine(Escape(step.Summary));
            md.AppendLine();
            foreach (var evidence in step.Evidence)
            {
                md.AppendLine("```console");
                md.AppendLine($"$ {Fence(evidence.Command)}");
                md.AppendLine(Fence(evidence.Observed));
                md.AppendLine("```");
            }
            md.AppendLine();
        }

        if (report.Findings.Count > 0)
        {
            md.AppendLine("### Findings");
            md.AppendLine();
            md.AppendLine("| Code | Severity | Resource | Message |");
            md.AppendLine("|---|---|---|---|");
            foreach (var f in report.Findings)
            {
                md.AppendLine($"| {f.Code.Code} | {f.Severity.ToString().ToLowerInvariant()} | `{f.Resource}` | {Cell(f.Message)} |");
            }
            md.AppendLine();
        }

        md.AppendLine("### Proposed remediations");
        md.AppendLine();
        if (proposals.Count == 0)
        {
            md.AppendLine("None.");
        }
        for (var i = 0; i < proposals.Count; i++)
        {
            var p = proposals[i];
            md.AppendLine($"{i + 1}. **`{p.Action}`** `{p.Target}` — risk **{p.Risk.ToString().ToLowerInvariant()}**, id `{p.Id}`  ");
            md.AppendLine($"   {Escape(p.Reason)}");
            md.AppendLine();
            md.AppendLine("   ```sh");
            md.AppendLine(string.Join('\n', Fence(p.Kubectl).Split('\n').Select(l => "   " + l)));
            md.AppendLine("   ```");
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private static string Cell(string text) => Escape(text).Replace("\n", " ", StringComparison.Ordinal);

    // A triple backtick inside evidence would close the code block early.
    private static string Fence(string text) => text.Replace("```", "`\u200b``", StringComparison.Ordinal);
}
