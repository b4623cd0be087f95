using MeshBot.Bot.Incidents;
using Stateless;

namespace MeshBot.Bot.Tests.Incidents;

/// <summary>MeshBot's transition table, on Stateless, with the state held in the incident as the store holds it.</summary>
public sealed class IncidentWorkflowTests
{
    private static (Incident Incident, StateMachine<IncidentState, IncidentTrigger> Machine) At(IncidentState state, bool canPropose = true)
    {
        var incident = new Incident
        {
            Id = "inc-test",
            CorrelationId = "c",
            Origin = "command",
            Requester = "carol",
            Request = Requests.Api,
            State = state,
            CreatedAt = DateTimeOffset.UnixEpoch,
        };
        return (incident, IncidentWorkflow.For(incident, () => canPropose));
    }

    [Fact]
    public async Task Diagnose_WalksTheRunbookBranchesInTreeOrder_IntoTheIncident()
    {
        var (incident, machine) = At(IncidentState.Received);
        var walked = new List<IncidentState>();

        await machine.FireAsync(IncidentTrigger.Diagnose);
        walked.Add(incident.State);
        for (var i = 0; i < 4; i++)
        {
            await machine.FireAsync(IncidentTrigger.StepDone);
            walked.Add(incident.State);
        }

        Assert.Equal([IncidentState.DiagnosingSidecarMissing, IncidentState.DiagnosingCrossNamespace, IncidentState.DiagnosingPlatformNamespace,
            IncidentState.DiagnosingCaRotation, IncidentState.DiagnosingInjectionWebhook], walked);
        Assert.True(machine.IsInState(IncidentState.Diagnosing));
        Assert.True(machine.IsInState(IncidentState.Open));
    }

    [Fact]
    public void Propose_WithNothingToPropose_IsRefusedWithTheGuardsDescription()
    {
        var (_, machine) = At(IncidentState.Diagnosed, canPropose: false);

        var can = machine.CanFire(IncidentTrigger.Propose, out var unmet);

        Assert.False(can);
        Assert.Equal(["the diagnosis proposes a fix"], unmet);
    }

    [Theory]
    [InlineData(IncidentState.AwaitingApproval, true)]
    [InlineData(IncidentState.DiagnosingCaRotation, true)]
    [InlineData(IncidentState.Executing, false)] // a plan that has started runs to its end before anyone escalates
    [InlineData(IncidentState.Verifying, false)]
    [InlineData(IncidentState.Resolved, false)]
    public void Escalate_IsPermittedOnlyWhileOpen(IncidentState state, bool permitted)
    {
        var (_, machine) = At(state);

        Assert.Equal(permitted, machine.CanFire(IncidentTrigger.Escalate));
    }

    [Fact]
    public async Task AlertResolved_WhileExecuting_IsIgnoredAndTheStateStays()
    {
        var (incident, machine) = At(IncidentState.Executing);
        var transitions = 0;
        machine.OnTransitioned(_ => transitions++);

        await machine.FireAsync(IncidentTrigger.AlertResolved);

        Assert.Equal(IncidentState.Executing, incident.State);
        Assert.Equal(0, transitions);
    }

    [Fact]
    public async Task Rediagnose_WhileVerifying_ReentersVerifying()
    {
        var (incident, machine) = At(IncidentState.Verifying);
        StateMachine<IncidentState, IncidentTrigger>.Transition? seen = null;
        machine.OnTransitioned(t => seen = t);

        await machine.FireAsync(IncidentTrigger.Rediagnose);

        Assert.Equal(IncidentState.Verifying, incident.State);
        Assert.True(seen?.IsReentry);
    }

    [Fact]
    public void Approve_WhileDiagnosing_IsNotPermitted() =>
        Assert.False(At(IncidentState.DiagnosingSidecarMissing).Machine.CanFire(IncidentTrigger.Approved));
}
