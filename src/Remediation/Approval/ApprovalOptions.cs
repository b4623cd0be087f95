using MeshBot.Remediation.Proposals;

namespace MeshBot.Remediation.Approval;

/// <summary>Configuration section <c>MeshBot:Approval</c>.</summary>
public sealed record ApprovalOptions
{
    /// <summary>User ids, as the chat platform names them, who may approve or reject.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>At and above this risk, two distinct approvers are needed.</summary>
    public Risk TwoPersonRisk { get; init; } = Risk.High;

    /// <summary>How long a proposal can be approved after it was made.</summary>
    public TimeSpan Expiry { get; init; } = TimeSpan.FromMinutes(30);

    public int ApprovalsNeeded(Risk risk) => risk >= TwoPersonRisk ? 2 : 1;
}
