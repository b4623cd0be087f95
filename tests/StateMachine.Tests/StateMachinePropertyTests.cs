using System.Globalization;
using MeshBot.StateMachine.Introspection;

namespace MeshBot.StateMachine.Tests;

/// <summary>
/// Property: on random machines (random hierarchy, rules and guard values) and random trigger
/// sequences, the state changes only along a configured transition, exactly as a simple reference
/// reading of <see cref="StateMachine{TState,TTrigger}.GetInfo"/> predicts. Seeded, so a failure names
/// a reproducible seed.
/// </summary>
public sealed class StateMachinePropertyTests
{
    private const int States = 6;
    private const int Triggers = 4;

    [Fact]
    public void TryFire_RandomTriggerSequences_ChangesStateOnlyThroughConfiguredTransitions()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            RunScenario(seed);
        }
    }

    private static void RunScenario(int seed)
    {
        var random = new Random(seed);
        var current = 0;
        var guards = new bool[States, Triggers];
        var machine = new StateMachine<int, int>(() => current, s => current = s);
        for (var s = 1; s < States; s++)
        {
            if (random.Next(3) == 0)
            {
                machine.Configure(s).SubstateOf(random.Next(s));
            }
        }

        for (var s = 0; s < States; s++)
        {
            for (var t = 0; t < Triggers; t++)
            {
                Configure(machine.Configure(s), s, t, random, guards);
            }
        }

        var info = machine.GetInfo();
        var transitions = new List<Transition<int, int>>();
        machine.OnTransitioned(transitions.Add);
        for (var step = 0; step < 40; step++)
        {
            guards[random.Next(States), random.Next(Triggers)] ^= true;
            var trigger = random.Next(Triggers);
            var before = current;
            var expected = Predict(info, guards, before, trigger);
            var canFire = machine.CanFire(trigger);
            var result = machine.TryFire(trigger);

            var context = $"seed {seed}, step {step}: {before} + {trigger}";
            Assert.True(expected.Accepted == result.Succeeded, context);
            Assert.True(canFire == result.Succeeded, context);
            Assert.True(expected.Destination == current, context);
            if (result.Transition is null)
            {
                Assert.True(before == current, context);
            }
            else
            {
                Assert.True(ReferenceEquals(result.Transition, transitions[^1]), context);
                Assert.True(result.Transition.Source == before && result.Transition.Destination == current, context);
            }
        }
    }

    private static void Configure(StateConfiguration<int, int> config, int s, int t, Random random, bool[,] guards)
    {
        var destination = (s + 1 + random.Next(States - 1)) % States;
        switch (random.Next(5))
        {
            case 1:
                config.Permit(t, destination);
                break;
            case 2:
                config.PermitIf(t, destination, () => guards[s, t], $"g{s}{t}");
                break;
            case 3:
                config.Ignore(t);
                break;
            case 4:
                config.PermitReentry(t);
                break;
        }
    }

    /// <summary>The reference: the innermost state with a met rule for the trigger decides.</summary>
    private static (bool Accepted, int Destination) Predict(StateMachineInfo info, bool[,] guards, int state, int trigger)
    {
        var name = Text(trigger);
        for (StateInfo? level = info[Text(state)]; level is not null; level = level.Superstate is null ? null : info[level.Superstate])
        {
            if (level.IgnoredTriggers.Contains(name))
            {
                return (true, state);
            }

            var rule = level.Transitions.SingleOrDefault(r => r.Trigger == name);
            if (rule is not null && (rule.Guard is null || guards[int.Parse(level.Name, CultureInfo.InvariantCulture), trigger]))
            {
                return (true, int.Parse(rule.Destination, CultureInfo.InvariantCulture));
            }
        }

        return (false, state);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
