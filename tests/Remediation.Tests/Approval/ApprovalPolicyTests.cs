using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Remediation.Tests.Approval;

public sealed class ApprovalPolicyTests
{
    private static readonly DateTimeOffset Proposed = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly RemediationProposal Medium = ProposalPlanner.Propose(new RestartWorkload("Deployment", "payments", "api", 2, "why"));
    private static readonly RemediationProposal High = ProposalPlanner.Propose(new RestartIstiod("istio-system", "istiod", "why"));

    private static (ApprovalPolicy Policy, Clock Clock) Policy(TimeSpan? after = null)
    {
        var clock = new Clock(Proposed + (after ?? TimeSpan.FromMinutes(1)));
        return (new ApprovalPolicy(new ApprovalOptions { Approvers = ["alice", "bob", "carol"], Expiry = TimeSpan.FromMinutes(30) }, clock), clock);
    }

    private static ProposalStanding Standing(RemediationProposal proposal, string requester = "dave", bool awaiting = true, bool executed = false, params Vote[] votes) =>
        new(proposal, requester, Proposed, votes, awaiting, executed);

    [Fact]
    public void Press_ApproverOnMediumRisk_ApprovesAtOnce()
    {
        var outcome = Policy().Policy.Press(Standing(Medium), "alice", VoteKind.Approve, stale: false);

        Assert.False(outcome.Refused);
        Assert.NotNull(outcome.Approved);
        Assert.Equal(["alice"], outcome.Approved!.Approvals.Select(a => a.Actor));
        Assert.Equal(Proposed + TimeSpan.FromMinutes(1), outcome.Approved.ApprovedAt);
    }

    [Fact]
    public void Press_FirstApproverOnHighRisk_RecordsAndWaitsForASecond()
    {
        var (policy, _) = Policy();

        var first = policy.Press(Standing(High), "alice", VoteKind.Approve, stale: false);
        var second = policy.Press(Standing(High, votes: first.Recorded!), "bob", VoteKind.Approve, stale: false);

        Assert.Null(first.Approved);
        Assert.NotNull(first.Recorded);
        Assert.Contains("needs a second approver", first.Message);
        Assert.DoesNotContain("approved by", first.Message); // one vote of two is not an approval
        Assert.Equal(["alice", "bob"], second.Approved!.Approvals.Select(a => a.Actor));
    }

    public static TheoryData<string, Func<ProposalStanding>, string, VoteKind, bool, TimeSpan, RefusalReason> Refusals => new()
    {
        { "not an approver", () => Standing(Medium), "mallory", VoteKind.Approve, false, TimeSpan.FromMinutes(1), RefusalReason.NotAnApprover },
        { "requester approves own fix", () => Standing(Medium, requester: "alice"), "alice", VoteKind.Approve, false, TimeSpan.FromMinutes(1), RefusalReason.OwnRequest },
        { "second press of the same button", () => Standing(High, votes: new Vote(High.Id, "alice", VoteKind.Approve, Proposed)), "alice", VoteKind.Approve, false, TimeSpan.FromMinutes(1), RefusalReason.AlreadyVoted },
        { "press after approval", () => Standing(Medium, votes: new Vote(Medium.Id, "alice", VoteKind.Approve, Proposed)), "bob", VoteKind.Approve, false, TimeSpan.FromMinutes(1), RefusalReason.AlreadyDecided },
        { "press after execution", () => Standing(Medium, executed: true, votes: new Vote(Medium.Id, "alice", VoteKind.Approve, Proposed)), "bob", VoteKind.Reject, false, TimeSpan.FromMinutes(1), RefusalReason.AlreadyDecided },
        { "press after rejection", () => Standing(Medium, votes: new Vote(Medium.Id, "carol", VoteKind.Reject, Proposed)), "alice", VoteKind.Approve, false, TimeSpan.FromMinutes(1), RefusalReason.Rejected },
        { "press after expiry", () => Standing(Medium), "alice", VoteKind.Approve, false, TimeSpan.FromMinutes(31), RefusalReason.Expired },
        { "press on a stale proposal", () => Standing(Medium), "alice", VoteKind.Approve, true, TimeSpan.FromMinutes(1), RefusalReason.Stale },
        { "press when not awaiting approval", () => Standing(Medium, awaiting: false), "alice", VoteKind.Approve, false, TimeSpan.FromMinutes(1), RefusalReason.NotAwaitingApproval },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Press_Refused_RecordsNothingAndSaysWhy(string name, Func<ProposalStanding> standing, string actor, VoteKind kind, bool stale, TimeSpan after, RefusalReason reason)
    {
        var outcome = Policy(after).Policy.Press(standing(), actor, kind, stale);

        Assert.True(outcome.Refused, name);
        Assert.Equal(reason, outcome.Refusal);
        Assert.Null(outcome.Recorded);
        Assert.Null(outcome.Approved);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Message));
    }

    [Fact]
    public void Press_RequesterRejectsOwnFix_IsAllowed()
    {
        var outcome = Policy().Policy.Press(Standing(Medium, requester: "alice"), "alice", VoteKind.Reject, stale: false);

        Assert.True(outcome.IsRejection);
        Assert.Null(outcome.Approved);
    }

    [Fact]
    public void Press_SecondApproverIsTheRequester_IsRefused()
    {
        var outcome = Policy().Policy.Press(Standing(High, requester: "bob", votes: new Vote(High.Id, "alice", VoteKind.Approve, Proposed)), "bob", VoteKind.Approve, stale: false);

        Assert.Equal(RefusalReason.OwnRequest, outcome.Refusal);
    }

    [Fact]
    public void IsExpired_AfterTheWindow_IsTrue()
    {
        var (policy, clock) = Policy();
        Assert.False(policy.IsExpired(Standing(Medium)));

        clock.Now = Proposed + TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1);

        Assert.True(policy.IsExpired(Standing(Medium)));
    }

    [Theory]
    [InlineData(Risk.Low, 1)]
    [InlineData(Risk.Medium, 1)]
    [InlineData(Risk.High, 2)]
    public void ApprovalsNeeded_DefaultTwoPersonRisk_IsHigh(Risk risk, int needed) =>
        Assert.Equal(needed, new ApprovalOptions().ApprovalsNeeded(risk));
}
