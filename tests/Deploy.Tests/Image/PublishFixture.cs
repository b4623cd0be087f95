using System.Reflection;
using MeshBot.Deploy.Tests.Support;

namespace MeshBot.Deploy.Tests.Image;

/// <summary>
/// <c>dotnet publish src/Bot -c Release -o DIR</c>, once for the test class: what the Dockerfile's build stage runs.
/// When the tests themselves were built in Release (test.sh builds the solution in Release first), the publish reuses
/// that build (<c>--no-build</c>); otherwise it builds src/Bot in Release.
/// </summary>
public sealed class PublishFixture : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("meshbot-publish-").FullName;

    public ToolResult Result { get; private set; } = new(-1, "", "");

    /// <summary>The appsettings.json the publish wrote, before a test mounts the rendered ConfigMap's copy over it.</summary>
    public string PublishedAppSettings { get; private set; } = "";

    public static bool TestsBuiltInRelease =>
        typeof(PublishFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration == "Release";

    public async Task InitializeAsync()
    {
        string[] args = ["publish", Path.Combine(Repo.Root, "src", "Bot"), "-c", "Release", "-o", Directory, "--nologo", .. TestsBuiltInRelease ? ["--no-build"] : Array.Empty<string>()];
        Result = await Tools.RunAsync("dotnet", args, Repo.Root, TimeSpan.FromMinutes(8), new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        var settings = Path.Combine(Directory, "appsettings.json");
        PublishedAppSettings = File.Exists(settings) ? await File.ReadAllTextAsync(settings) : "";
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
        return Task.CompletedTask;
    }
}
