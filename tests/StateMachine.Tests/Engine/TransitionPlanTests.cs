using MeshBot.StateMachine.Engine;

namespace MeshBot.StateMachine.Tests.Engine;

/// <summary>The boundary rule directly on the engine: which states a transition leaves and enters.</summary>
public sealed class TransitionPlanTests
{
    private readonly StateRegistry<string, string> _states = new();

    public TransitionPlanTests()
    {
        // root { a { a1 }, b { b1 } }, each action named after its state.
        foreach (var name in new[] { "root", "a", "a1", "b", "b1", "outside" })
        {
            var state = _states.GetOrAdd(name);
            state.AddEntryAction(StateAction<string, string>.Sync(_ => { }, "enter " + name));
            state.AddExitAction(StateAction<string, string>.Sync(_ => { }, "exit " + name));
        }

        _states.GetOrAdd("a").SetSuperstate(_states.GetOrAdd("root"));
        _states.GetOrAdd("b").SetSuperstate(_states.GetOrAdd("root"));
        _states.GetOrAdd("a1").SetSuperstate(_states.GetOrAdd("a"));
        _states.GetOrAdd("b1").SetSuperstate(_states.GetOrAdd("b"));
    }

    [Theory]
    [InlineData("a1", "b1", "exit a1, exit a | enter b, enter b1")]
    [InlineData("a1", "outside", "exit a1, exit a, exit root | enter outside")]
    [InlineData("outside", "a1", "exit outside | enter root, enter a, enter a1")]
    [InlineData("a1", "root", "exit a1, exit a | ")]
    [InlineData("root", "b1", " | enter b, enter b1")]
    public void Create_Transition_CrossesOnlyBoundariesOnThePath(string from, string to, string expected)
    {
        Assert.Equal(expected, Describe(from, to, reentry: false));
    }

    [Theory]
    [InlineData("a1", "a1", "exit a1 | enter a1")]
    [InlineData("a1", "root", "exit a1, exit a, exit root | enter root")]
    public void Create_Reentry_LeavesUpToTheReenteredState(string from, string to, string expected)
    {
        Assert.Equal(expected, Describe(from, to, reentry: true));
    }

    [Fact]
    public void Create_EntryFromOtherTrigger_IsLeftOut()
    {
        _states.GetOrAdd("b1").AddEntryAction(StateAction<string, string>.SyncFrom("special", _ => { }, "special entry"));

        Assert.Equal("exit a1, exit a | enter b, enter b1", Describe("a1", "b1", reentry: false));
        Assert.Equal("exit a1, exit a | enter b, enter b1, special entry", Describe("a1", "b1", reentry: false, trigger: "special"));
    }

    private string Describe(string from, string to, bool reentry, string trigger = "go")
    {
        var transition = new Transition<string, string>(from, to, trigger, [], reentry);
        var plan = TransitionPlan<string, string>.Create(_states.Find(from), _states.Find(to), transition);
        return string.Join(", ", plan.ExitActions.Select(a => a.Description))
            + " | " + string.Join(", ", plan.EntryActions.Select(a => a.Description));
    }
}
