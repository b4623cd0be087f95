namespace MeshBot.Diagnosis.Findings;

public enum Severity
{
    Info,
    Warning,
    Critical,
}
