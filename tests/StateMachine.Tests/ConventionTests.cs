using System.Reflection;
using System.Runtime.CompilerServices;
using MeshBot.StateMachine.Tests.Fixtures;

namespace MeshBot.StateMachine.Tests;

/// <summary>Guards the library's shape: a small public surface, sealed types, one small file per type.</summary>
public sealed class ConventionTests
{
    private static readonly Assembly Library = typeof(StateMachine<,>).Assembly;

    [Fact]
    public void PublicTypes_Always_AreExactlyTheApiSurface()
    {
        var expected = new[]
        {
            "MeshBot.StateMachine.FireResult`2",
            "MeshBot.StateMachine.Graphs.DotGraph",
            "MeshBot.StateMachine.Graphs.MermaidGraph",
            "MeshBot.StateMachine.Introspection.ActionInfo",
            "MeshBot.StateMachine.Introspection.StateInfo",
            "MeshBot.StateMachine.Introspection.StateMachineInfo",
            "MeshBot.StateMachine.Introspection.TransitionInfo",
            "MeshBot.StateMachine.InvalidTransitionException",
            "MeshBot.StateMachine.StateConfiguration`2",
            "MeshBot.StateMachine.StateMachine`2",
            "MeshBot.StateMachine.StateMachineConfigurationException",
            "MeshBot.StateMachine.Transition`2",
            "MeshBot.StateMachine.TriggerWithParameters`2",
        };

        Assert.Equal(expected.Order(StringComparer.Ordinal), Library.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Classes_Always_AreSealedOrStatic()
    {
        var open = OwnTypes().Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract).Select(t => t.FullName);

        Assert.Empty(open);
    }

    [Fact]
    public void SourceFiles_Always_HoldOneTypeNamedLikeTheFile()
    {
        var files = Repository.SourceFiles("src", "StateMachine").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var types = OwnTypes().Where(t => !t.IsNested).Select(t => t.Name.Split('`')[0]).ToHashSet();

        Assert.Equal(types.Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SourceAndTestFiles_Always_StayUnder200Lines()
    {
        var tooLong = Repository.SourceFiles("src", "StateMachine").Concat(Repository.SourceFiles("tests", "StateMachine.Tests"))
            .Where(f => File.ReadLines(f).Count() > 200)
            .Select(Path.GetFileName);

        Assert.Empty(tooLong);
    }

    [Fact]
    public void SourceFiles_Always_AvoidTheWallClock()
    {
        var offenders = Repository.SourceFiles("src", "StateMachine")
            .Where(f => File.ReadAllText(f).Contains("DateTime.Now", StringComparison.Ordinal))
            .Select(Path.GetFileName);

        Assert.Empty(offenders);
    }

    private static IEnumerable<Type> OwnTypes() =>
        Library.GetTypes().Where(t => t.Namespace?.StartsWith("MeshBot.StateMachine", StringComparison.Ordinal) == true
            && !t.IsDefined(typeof(CompilerGeneratedAttribute)) && !t.Name.Contains('<', StringComparison.Ordinal));
}
