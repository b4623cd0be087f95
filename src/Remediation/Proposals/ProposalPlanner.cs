using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Actions.CreateDestinationRule;
using MeshBot.Remediation.Actions.CreatePeerAuthentication;
using MeshBot.Remediation.Actions.LabelNamespace;
using MeshBot.Remediation.Actions.PatchDestinationRule;
using MeshBot.Remediation.Actions.PatchPeerAuthentication;
using MeshBot.Remediation.Actions.PatchWorkload;
using MeshBot.Remediation.Actions.RestartInjectedWorkloads;
using MeshBot.Remediation.Actions.RestartIstiod;
using MeshBot.Remediation.Actions.RolloutRestart;

namespace MeshBot.Remediation.Proposals;

/// <summary>Turns a diagnosis's needs, in order, into proposals: one action per need.</summary>
public static class ProposalPlanner
{
    public static IReadOnlyList<RemediationProposal> Plan(DiagnosisReport report) => report.Needs.Select(Propose).ToArray();

    public static RemediationProposal Propose(RemediationNeed need) => need switch
    {
        EnableNamespaceInjection n => LabelNamespaceAction.Propose(n),
        EnrolNamespaceInAmbient n => LabelNamespaceAction.Propose(n),
        RestartWorkload n => RolloutRestartAction.Propose(n),
        RemovePodOptOut n => PatchWorkloadAction.Propose(n),
        AllowPlaintextOnPort { ExistingPolicy: not null } n => PatchPeerAuthenticationAction.Propose(n),
        AllowPlaintextOnPort n => CreatePeerAuthenticationAction.Propose(n),
        SetHostTls n => CreateDestinationRuleAction.Propose(n),
        ChangeDestinationRuleTls n => PatchDestinationRuleAction.Propose(n),
        Diagnosis.Runbook.RestartIstiod n => RestartIstiodAction.Propose(n),
        Diagnosis.Runbook.RestartInjectedWorkloads n => RestartInjectedWorkloadsAction.Propose(n),
        _ => throw new NotSupportedException($"no remediation action for {need.GetType().Name}"),
    };
}
