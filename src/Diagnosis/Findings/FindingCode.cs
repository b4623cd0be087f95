using System.Globalization;

namespace MeshBot.Diagnosis.Findings;

/// <summary>A catalogue entry: a stable code (never reused), its severity and its message template.</summary>
public sealed record FindingCode(string Code, string Name, Severity Severity, string Template)
{
    public string Format(params object[] args) => string.Format(CultureInfo.InvariantCulture, Template, args);
}
