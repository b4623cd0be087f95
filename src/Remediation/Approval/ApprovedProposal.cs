using MeshBot.Remediation.Proposals;

namespace MeshBot.Remediation.Approval;

/// <summary>
/// A proposal with the recorded approvals that make it executable. Only <see cref="ApprovalPolicy"/> can create one
/// (the constructor is internal), and the executor takes nothing else: applying without an approval record cannot
/// be written.
/// </summary>
public sealed class ApprovedProposal
{
    internal ApprovedProposal(RemediationProposal proposal, IReadOnlyList<Vote> approvals)
    {
        Proposal = proposal;
        Approvals = approvals;
    }

    public RemediationProposal Proposal { get; }

    public IReadOnlyList<Vote> Approvals { get; }

    /// <summary>When the last needed approval came; rollout restarts use it as their <c>restartedAt</c>, which makes a repeat a no-op.</summary>
    public DateTimeOffset ApprovedAt => Approvals.Max(a => a.At);
}
