namespace MeshBot.Diagnosis.Runbook;

/// <summary>What was looked at: the read-only command an SRE runs to see the same thing, and what it showed.</summary>
public sealed record Evidence(string Command, string Observed);
