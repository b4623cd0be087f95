using MeshBot.Bot.Cli;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Bot.Configuration;

/// <summary>
/// Reads the documented configuration: appsettings.json beside the executable (or in the working
/// directory), overridden by environment variables with <c>__</c> (<c>MeshBot__Mesh__RootNamespace</c>).
/// </summary>
internal static class MeshBotConfiguration
{
    public static IConfiguration Load() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>Binds <c>MeshBot:Mesh</c>; a malformed value stops with a message naming the key.</summary>
    public static MeshOptions Mesh(IConfiguration configuration)
    {
        var section = configuration.GetSection("MeshBot:Mesh");
        var defaults = new MeshOptions();
        var platform = section.GetSection("PlatformNamespaces").GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        var options = new MeshOptions
        {
            RootNamespace = section["RootNamespace"] ?? defaults.RootNamespace,
            TrustDomain = section["TrustDomain"] ?? defaults.TrustDomain,
            PlatformNamespaces = platform.Length > 0 ? platform : defaults.PlatformNamespaces,
        };
        foreach (var (key, value) in new[] { ("RootNamespace", options.RootNamespace) }.Concat(options.PlatformNamespaces.Select(p => ("PlatformNamespaces", p))))
        {
            if (!Diagnosis.Runbook.TargetSpec.TryParse(value, out _, out var error) || value.Contains('/'))
            {
                throw new CliException($"configuration MeshBot:Mesh:{key}: {error}");
            }
        }
        return options;
    }
}
