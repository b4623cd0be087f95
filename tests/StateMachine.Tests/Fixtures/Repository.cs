namespace MeshBot.StateMachine.Tests.Fixtures;

/// <summary>
/// Finds files of this library in the checkout, from the test binaries upward (like MeshBot.Testing's
/// RepositoryRoot, repeated here so this project does not depend on the Diagnosis build).
/// </summary>
internal static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MeshBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"MeshBot.sln not found above {AppContext.BaseDirectory}");
    }

    /// <summary>The C# files of a project folder, without build output.</summary>
    public static IEnumerable<string> SourceFiles(string area, string project)
    {
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(Path.Combine(Root(), area, project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal)
                && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal));
    }
}
