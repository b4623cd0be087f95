using MeshBot.Testing;

namespace MeshBot.Deploy.Tests.Support;

/// <summary>Paths in the repository: <c>deploy/</c> and what it holds.</summary>
public static class Repo
{
    public static string Root { get; } = RepositoryRoot.Find();

    public static string Deploy { get; } = Path.Combine(Root, "deploy");

    public static string DeployPath(params string[] parts) => Path.Combine([Deploy, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Root, .. parts]));
}
