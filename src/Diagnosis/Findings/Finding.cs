using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Findings;

/// <summary>One thing a check concluded about one object, from the catalogue.</summary>
public sealed record Finding(FindingCode Code, Branch Branch, string Resource, string Message)
{
    public Severity Severity => Code.Severity;
}
