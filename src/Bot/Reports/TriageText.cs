using System.Text;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Reports;

/// <summary>A triage note for a terminal: verdict first, then the walk with its evidence, findings, and proposals.</summary>
internal static class TriageText
{
    public static string Render(DiagnosisReport report, IReadOnlyList<RemediationProposal> proposals)
    {
        var text = new StringBuilder();
        text.AppendLine($"VERDICT: {report.Verdict.Branch.ToUpperInvariant()}");
        text.AppendLine(Indent(report.Verdict.Summary, "  "));
        text.AppendLine();
        text.AppendLine($"Path:   {report.Path.Describe()}");
        text.AppendLine($"Source: {report.Source}");
        text.AppendLine($"At:     {report.DiagnosedAt:yyyy-MM-dd HH:mm:ss}Z");
        text.AppendLine();

        if (report.Edges.Count > 0)
        {
            text.AppendLine("Edge (per port: what the server accepts, what the client sends)");
            foreach (var line in EdgeTable.Rows(report.Edges))
            {
                text.AppendLine("  " + line);
            }
            text.AppendLine();
        }

        text.AppendLine("Control plane");
        AppendStep(text, "  ", report.ControlPlane);
        text.AppendLine();
        text.AppendLine("What the proxies report");
        AppendStep(text, "  ", report.Symptoms);
        text.AppendLine();

        text.AppendLine("Runbook walk");
        for (var i = 0; i < report.Steps.Count; i++)
        {
            var step = report.Steps[i];
            text.AppendLine($"  {i + 1}. {step.Branch.Wire(),-19} {step.Result.Wire().ToUpperInvariant()}");
            AppendStep(text, "     ", step);
        }
        text.AppendLine();

        if (report.Findings.Count > 0)
        {
            text.AppendLine("Findings");
            foreach (var finding in report.Findings)
            {
                text.AppendLine($"  {Mark(finding.Severity)} {finding.Code.Code} {finding.Resource}");
                text.AppendLine(Indent(finding.Message, "      "));
            }
            text.AppendLine();
        }

        if (proposals.Count == 0)
        {
            text.AppendLine("No remediation proposed.");
            return text.ToString();
        }
        text.AppendLine("Proposed remediations (in order; nothing runs without an approval)");
        for (var i = 0; i < proposals.Count; i++)
        {
            var p = proposals[i];
            text.AppendLine($"  {i + 1}. {p.Action} {p.Target}   risk: {p.Risk.ToString().ToLowerInvariant()}   id: {p.Id}");
            text.AppendLine(Indent($"why: {p.Reason}", "     "));
            text.AppendLine(Indent("$ " + p.Kubectl, "     "));
        }
        return text.ToString();
    }

    private static void AppendStep(StringBuilder text, string indent, Step step)
    {
        text.AppendLine(Indent(step.Summary, indent));
        foreach (var evidence in step.Evidence)
        {
            text.AppendLine($"{indent}  $ {evidence.Command}");
            text.AppendLine(Indent(evidence.Observed, indent + "    "));
        }
    }

    private static string Mark(Severity severity) => severity switch
    {
        Severity.Critical => "CRITICAL",
        Severity.Warning => "WARNING ",
        _ => "INFO    ",
    };

    private static string Indent(string text, string indent) =>
        string.Join('\n', text.Split('\n').Select(line => indent + line));
}
