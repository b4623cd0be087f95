namespace MeshBot.Diagnosis.Runbook;

/// <summary>The request cannot be diagnosed as given (unknown namespace or workload, a port nothing exposes).</summary>
public sealed class DiagnosisInputException(string message) : Exception(message);
