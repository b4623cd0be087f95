namespace MeshBot.Testing;

public static class RepositoryRoot
{
    /// <summary>The directory holding MeshBot.sln, found from the test binaries upward.</summary>
    public static string Find()
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
}
