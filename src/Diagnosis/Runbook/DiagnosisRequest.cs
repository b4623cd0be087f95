namespace MeshBot.Diagnosis.Runbook;

/// <summary>What to diagnose: the server (target), optionally the client (source) and the Service port it dials.</summary>
public sealed record DiagnosisRequest(TargetSpec Target, TargetSpec? Source = null, int? Port = null);
