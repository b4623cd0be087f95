using MeshBot.Diagnosis.Checks;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>A branch is confirmed if any of its checks confirms; otherwise inconclusive if any is; ruled out if any ruled out; else skipped.</summary>
internal static class StepCombiner
{
    public static Step Combine(Branch branch, IReadOnlyList<CheckOutcome> outcomes)
    {
        foreach (var result in new[] { StepResult.Confirmed, StepResult.Inconclusive, StepResult.RuledOut })
        {
            var deciding = outcomes.Where(o => o.Result == result).ToArray();
            if (deciding.Length > 0)
            {
                return new Step(branch, result, string.Join("; ", deciding.Select(o => o.Summary)), outcomes);
            }
        }
        return new Step(branch, StepResult.Skipped, outcomes.FirstOrDefault()?.Summary ?? "no check applies", outcomes);
    }
}
