namespace MeshBot.Remediation.Proposals;

/// <summary>How much a change can hurt; approval needs two people at <c>MeshBot:Approval:TwoPersonRisk</c> and above.</summary>
public enum Risk
{
    Low,
    Medium,
    High,
}
