using MeshBot.Bot.Demo.Scenarios;

namespace MeshBot.Testing;

/// <summary>
/// Writes a scenario of <c>scenarios/</c> (the <c>_base</c> cluster overlaid by one scenario, certificates generated
/// now; see <see cref="ScenarioTemplate"/>) to a fresh temporary snapshot directory.
/// </summary>
public sealed class FixtureSnapshot : IDisposable
{
    private FixtureSnapshot(string path, IReadOnlyDictionary<string, GeneratedCertificate> certificates)
    {
        Path = path;
        Certificates = certificates;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, GeneratedCertificate> Certificates { get; }

    public static string FixturesRoot => System.IO.Path.Combine(RepositoryRoot.Find(), "scenarios");

    public static FixtureSnapshot Materialize(string scenario, DateTimeOffset? now = null)
    {
        var scenarioDir = System.IO.Path.Combine(FixturesRoot, scenario);
        if (!Directory.Exists(scenarioDir))
        {
            throw new DirectoryNotFoundException($"no scenario {scenario} under {FixturesRoot}");
        }
        var (files, certificates) = ScenarioTemplate.Materialize(Read(System.IO.Path.Combine(FixturesRoot, ScenarioTemplate.Base)), Read(scenarioDir), now ?? DateTimeOffset.UtcNow);

        var target = Directory.CreateTempSubdirectory($"meshbot-{scenario}-").FullName;
        foreach (var (relative, text) in files)
        {
            var destination = System.IO.Path.Combine(target, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.WriteAllText(destination, text);
        }
        return new FixtureSnapshot(target, certificates);
    }

    private static Dictionary<string, string> Read(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => System.IO.Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllText);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory left behind is harmless
        }
    }
}
