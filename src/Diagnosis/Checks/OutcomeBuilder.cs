using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Checks;

/// <summary>Collects a check's evidence, findings and needs, then closes with its result and summary.</summary>
public sealed class OutcomeBuilder(ICheck check)
{
    private readonly List<Evidence> _evidence = [];
    private readonly List<Finding> _findings = [];
    private readonly List<RemediationNeed> _needs = [];

    public IReadOnlyList<string> Messages(Severity atLeast) => _findings.Where(f => f.Severity >= atLeast).Select(f => f.Message).ToArray();

    public OutcomeBuilder Evidence(string command, string observed)
    {
        _evidence.Add(new Evidence(command, observed));
        return this;
    }

    /// <summary>Evidence for each input that could not be read: the command that would show it, and why it was not seen.</summary>
    public OutcomeBuilder Unread(IEnumerable<UnreadInput> inputs)
    {
        foreach (var input in inputs)
        {
            Evidence(input.Command, input.Observed);
        }
        return this;
    }

    public OutcomeBuilder Finding(FindingCode code, string resource, params object[] args)
    {
        _findings.Add(new Finding(code, check.Branch, resource, code.Format(args)));
        return this;
    }

    public OutcomeBuilder Need(RemediationNeed need)
    {
        _needs.Add(need);
        return this;
    }

    public CheckOutcome Confirmed(string summary) => Close(StepResult.Confirmed, summary);

    public CheckOutcome RuledOut(string summary) => Close(StepResult.RuledOut, summary);

    public CheckOutcome Inconclusive(string summary) => Close(StepResult.Inconclusive, summary);

    public CheckOutcome Skipped(string summary) => Close(StepResult.Skipped, summary);

    private CheckOutcome Close(StepResult result, string summary) =>
        new(check.Name, result, summary, _evidence.ToArray(), _findings.ToArray(), result == StepResult.Confirmed ? _needs.ToArray() : []);
}
