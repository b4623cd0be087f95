using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MeshBot.Deploy.Tests.Support;

namespace MeshBot.Deploy.Tests.Image;

/// <summary>
/// deploy/Dockerfile, read statically (there is no container engine here to build it): the stages and base images,
/// the build context it copies against what the publish reads (project references, files linked from outside the
/// projects), the ignore file, and the runtime stage against the Deployment.
/// </summary>
public sealed partial class DockerfileTests
{
    private sealed record Instruction(string Stage, string Verb, string Arguments);

    private static readonly IReadOnlyList<Instruction> Instructions = Parse(Repo.Read("deploy", "Dockerfile"));

    private static IReadOnlyList<Instruction> Parse(string text)
    {
        var result = new List<Instruction>();
        var stage = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            var arguments = line.Length > verb.Length ? line[verb.Length..].Trim() : "";
            if (verb == "FROM")
            {
                stage = arguments.Contains(" AS ", StringComparison.OrdinalIgnoreCase) ? arguments.Split(' ')[^1] : arguments;
            }
            result.Add(new Instruction(stage, verb, arguments));
        }
        return result;
    }

    private static IEnumerable<Instruction> Stage(string stage) => Instructions.Where(i => i.Stage == stage);

    [Fact]
    public void BuildsWithTheSdk_AndRunsOnTheChiseledAspNetImage()
    {
        var froms = Instructions.Where(i => i.Verb == "FROM").Select(i => i.Arguments).ToList();

        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0 AS build", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime"], froms);
        Assert.Contains(Stage("build"), i => i.Verb == "RUN" && i.Arguments.StartsWith("dotnet publish src/Bot -c Release -o /app", StringComparison.Ordinal));
        // No shell in a chiseled image: the runtime stage runs nothing.
        Assert.DoesNotContain(Stage("runtime"), i => i.Verb == "RUN");
        Assert.Contains(Stage("runtime"), i => i.Verb == "COPY" && i.Arguments == "--from=build /app ./");
        Assert.Equal("$APP_UID", Stage("runtime").Single(i => i.Verb == "USER").Arguments);
        Assert.Equal("[\"dotnet\", \"/app/meshbot.dll\"]", Stage("runtime").Single(i => i.Verb == "ENTRYPOINT").Arguments);
    }

    [Fact]
    public async Task Runtime_AgreesWithTheDeployment()
    {
        var rendered = await Kustomize.RenderAsync("base");

        // The Deployment passes the same arguments the image defaults to, on the port the image exposes.
        Assert.Equal(JsonNode.Parse(Stage("runtime").Single(i => i.Verb == "CMD").Arguments)!.AsArray().Select(a => a!.GetValue<string>()), rendered.Container.Strings("args"));
        Assert.Equal(Stage("runtime").Single(i => i.Verb == "EXPOSE").Arguments, rendered.Container.Items("ports").Single().Long("containerPort").ToString());
        // APP_UID of the .NET 8+ images is 1654; runAsNonRoot needs it numeric in the pod spec.
        Assert.Equal(1654, rendered.Deployment.Long("spec", "template", "spec", "securityContext", "runAsUser"));
    }

    [Fact]
    public void BuildContext_HoldsEveryFileThePublishReads()
    {
        var copied = Stage("build").Where(i => i.Verb == "COPY").SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]).ToList();
        var needed = new List<string> { "global.json", "Directory.Build.props", "Directory.Packages.props" };
        foreach (var project in ProjectClosure("src/Bot/MeshBot.Bot.csproj"))
        {
            needed.Add(project);
            var projectDir = Path.GetDirectoryName(project)!;
            // Items included from outside the project's directory (the scenarios, the linked appsettings.json).
            foreach (var include in Items(project).Where(i => i.StartsWith("..", StringComparison.Ordinal)))
            {
                var path = Normalize(Path.Combine(projectDir, include));
                needed.Add(path[..(path.IndexOf('*') is var star and >= 0 ? star : path.Length)].TrimEnd('/'));
            }
        }

        Assert.All(needed.Distinct(), path => Assert.True(
            copied.Any(c => path == c.TrimEnd('/') || path.StartsWith(c.TrimEnd('/') + "/", StringComparison.Ordinal)),
            $"the Dockerfile's build stage does not copy {path}"));
        // The restore layer copies every project file of the closure before the sources.
        var restoreLayer = Stage("build").TakeWhile(i => !(i.Verb == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal)))
            .Where(i => i.Verb == "COPY").SelectMany(i => i.Arguments.Split(' ')[..^1]).ToHashSet();
        Assert.All(ProjectClosure("src/Bot/MeshBot.Bot.csproj"), p => Assert.Contains(p, restoreLayer));
        // Nothing copied is gone from the tree (a COPY of a missing file fails the image build).
        Assert.All(copied, c => Assert.True(Path.Exists(Path.Combine(Repo.Root, c)), $"the Dockerfile copies {c}, which does not exist"));
    }

    [Fact]
    public void IgnoreFile_KeepsBuildOutputAndTestsOut_ButNothingTheBuildCopies()
    {
        var patterns = Repo.Read("deploy", "Dockerfile.dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var copied = Stage("build").Where(i => i.Verb == "COPY").SelectMany(i => i.Arguments.Split(' ')[..^1]).Select(c => c.TrimEnd('/')).ToList();

        Assert.Contains("**/bin", patterns);
        Assert.Contains("**/obj", patterns);
        Assert.Contains("tests", patterns);
        Assert.All(copied, c => Assert.DoesNotContain(patterns, p => Matches(p, c)));
    }

    private static bool Matches(string pattern, string path)
    {
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "(/.*)?$";
        return Regex.IsMatch(path, regex);
    }

    private static IReadOnlyList<string> ProjectClosure(string project)
    {
        var seen = new List<string>();
        var queue = new Queue<string>([project]);
        while (queue.TryDequeue(out var next))
        {
            if (seen.Contains(next))
            {
                continue;
            }
            seen.Add(next);
            foreach (var reference in Load(next).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).OfType<string>())
            {
                queue.Enqueue(Normalize(Path.Combine(Path.GetDirectoryName(next)!, reference)));
            }
        }
        return seen;
    }

    private static IEnumerable<string> Items(string project) =>
        Load(project).Descendants().Where(e => e.Name.LocalName is "EmbeddedResource" or "None" or "Content" or "Compile")
            .Select(e => (string?)e.Attribute("Include")).OfType<string>();

    private static XDocument Load(string project) => XDocument.Parse(Repo.Read(project.Split('/')));

    /// <summary>A repository-relative path with forward slashes and no <c>..</c>.</summary>
    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }
}
