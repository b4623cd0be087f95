using FsCheck;
using FsCheck.Fluent;
using MeshBot.Bot.Incidents;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;

namespace MeshBot.Bot.Tests.Incidents;

/// <summary>
/// For any sequence of presses (approvers, the requester, strangers, approve and reject, repeats), expiries,
/// re-diagnoses and escalations, nothing is applied to the cluster without a valid approval recorded before it.
/// </summary>
public sealed class ApprovalPropertyTests
{
    private static readonly string[] Actors = ["alice", "bob", "carol", "mallory"];

    public abstract record Move;

    public sealed record Press(int Actor, int Proposal, bool Approve) : Move;

    public sealed record Wait(int Minutes) : Move;

    public sealed record Rediagnose : Move;

    public sealed record Escalate : Move;

    private static readonly Gen<Move> Moves = Gen.Frequency(
        (12, from actor in Gen.Choose(0, Actors.Length - 1)
             from proposal in Gen.Choose(0, 2)
             from approve in Gen.Elements(true, true, false)
             select (Move)new Press(actor, proposal, approve)),
        (2, Gen.Choose(1, 40).Select(m => (Move)new Wait(m))),
        (1, Gen.Constant((Move)new Rediagnose())),
        (1, Gen.Constant((Move)new Escalate())));

    [Fact]
    public void AnySequence_NothingAppliedWithoutValidApproval()
    {
        var scenarios = Gen.Elements("ca-expired", "sidecar-missing-namespace", "webhook-down-ignore");
        var cases = (from scenario in scenarios
                     from requester in Gen.Choose(0, 2)
                     from moves in Gen.ListOf(Moves).Where(l => l.Count <= 14)
                     select (Scenario: scenario, Requester: Actors[requester], Moves: moves)).ToArbitrary();
        var property = Prop.ForAll(cases, c => Holds(c.Scenario, c.Requester, c.Moves).GetAwaiter().GetResult());

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), property);
    }

    private static async Task<bool> Holds(string scenario, string requester, IList<Move> moves)
    {
        await using var h = await IncidentHarness.StartAsync(scenario);
        var (incident, _) = await h.OpenAsync(Requests.Api, requester);
        foreach (var move in moves)
        {
            switch (move)
            {
                case Press p:
                    var proposals = await h.ProposalsAsync(incident.Id);
                    if (proposals.Count > 0)
                    {
                        await h.Service.PressAsync(incident.Id, proposals[p.Proposal % proposals.Count].Id, Actors[p.Actor], p.Approve ? VoteKind.Approve : VoteKind.Reject);
                    }
                    break;
                case Wait w:
                    h.Clock.Advance(TimeSpan.FromMinutes(w.Minutes));
                    await h.Service.ExpireDueAsync();
                    break;
                case Rediagnose:
                    await h.Service.RediagnoseAsync(incident.Id, "alice");
                    break;
                case Escalate:
                    await h.Service.EscalateAsync(incident.Id, "bob");
                    break;
            }
        }
        return EveryWriteWasApproved(h, requester);
    }

    private static bool EveryWriteWasApproved(IncidentHarness h, string requester)
    {
        var approved = new HashSet<string>(StringComparer.Ordinal);
        var writesByApprovedSteps = 0;
        foreach (var e in h.Events)
        {
            switch (e)
            {
                case PressAnswered { Outcome.Approved: { } ok } press:
                    var actors = ok.Approvals.Select(a => a.Actor).ToArray();
                    var needed = ok.Proposal.Risk >= Remediation.Proposals.Risk.High ? 2 : 1;
                    if (actors.Distinct().Count() < needed || actors.Any(a => a == requester || !IncidentHarness.Approvers.Contains(a)))
                    {
                        return false; // an approval the policy should never have granted
                    }
                    approved.Add(press.ProposalId);
                    break;
                case StepExecuted step:
                    if (!approved.Contains(step.ProposalId))
                    {
                        return false; // a step ran for a proposal never approved
                    }
                    writesByApprovedSteps += step.Step.Status == StepStatus.Succeeded && !step.Step.Description.StartsWith("wait", StringComparison.Ordinal) ? 1 : 0;
                    break;
            }
        }
        // Every change to the cluster came from an approved step: nothing else writes.
        return h.AppliedWrites == writesByApprovedSteps;
    }
}
