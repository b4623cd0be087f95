using System.Text;
using System.Text.RegularExpressions;

namespace MeshBot.Testing;

/// <summary>
/// Builds a snapshot directory from <c>tests/Diagnosis.Tests/Fixtures</c>: the <c>_base</c> cluster, overlaid by a
/// scenario (same relative path replaces, <c>DELETE</c> lists base files to drop), with certificates from
/// <c>certs.txt</c> generated now and substituted for <c>{{cert:NAME}}</c>, <c>{{key:NAME}}</c>, <c>{{pem:NAME}}</c>
/// and <c>{{keypem:NAME}}</c>. Each call writes a fresh temporary directory.
/// </summary>
public sealed partial class FixtureSnapshot : IDisposable
{
    [GeneratedRegex(@"\{\{(cert|key|pem|keypem):([A-Za-z0-9_-]+)\}\}")]
    private static partial Regex Placeholder();

    private FixtureSnapshot(string path, IReadOnlyDictionary<string, GeneratedCertificate> certificates)
    {
        Path = path;
        Certificates = certificates;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, GeneratedCertificate> Certificates { get; }

    public static string FixturesRoot => System.IO.Path.Combine(RepositoryRoot.Find(), "tests", "Diagnosis.Tests", "Fixtures");

    public static IEnumerable<string> Scenarios => Directory.GetDirectories(FixturesRoot)
        .Select(d => System.IO.Path.GetFileName(d))
        .Where(n => !n.StartsWith('_'))
        .Order(StringComparer.Ordinal);

    public static FixtureSnapshot Materialize(string scenario, DateTimeOffset? now = null)
    {
        var baseDir = System.IO.Path.Combine(FixturesRoot, "_base");
        var scenarioDir = System.IO.Path.Combine(FixturesRoot, scenario);
        if (!Directory.Exists(scenarioDir))
        {
            throw new DirectoryNotFoundException($"no fixture {scenario} under {FixturesRoot}");
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in new[] { baseDir, scenarioDir })
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                files[System.IO.Path.GetRelativePath(dir, file)] = file;
            }
        }
        var deletions = files.TryGetValue("DELETE", out var deleteFile)
            ? File.ReadAllLines(deleteFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet()
            : [];

        var certificates = Generate(CertificateSpec(baseDir, scenarioDir), now ?? DateTimeOffset.UtcNow);
        var target = Directory.CreateTempSubdirectory($"meshbot-{scenario}-").FullName;
        foreach (var (relative, source) in files)
        {
            var name = System.IO.Path.GetFileName(relative);
            if (deletions.Contains(relative) || name is "DELETE" or "certs.txt" or ".keep" or "README.md")
            {
                continue;
            }
            var destination = System.IO.Path.Combine(target, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.WriteAllText(destination, Substitute(File.ReadAllText(source), certificates));
        }
        return new FixtureSnapshot(target, certificates);
    }

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

    private static List<string[]> CertificateSpec(string baseDir, string scenarioDir)
    {
        var lines = new List<string[]>();
        foreach (var file in new[] { System.IO.Path.Combine(baseDir, "certs.txt"), System.IO.Path.Combine(scenarioDir, "certs.txt") }.Where(File.Exists))
        {
            foreach (var line in File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                lines.RemoveAll(l => l[0] == fields[0]);
                lines.Add(fields);
            }
        }
        return lines;
    }

    private static Dictionary<string, GeneratedCertificate> Generate(List<string[]> spec, DateTimeOffset now)
    {
        var certificates = new Dictionary<string, GeneratedCertificate>(StringComparer.Ordinal);
        foreach (var fields in spec)
        {
            var validity = Enum.Parse<CertificateValidity>(fields[2], ignoreCase: true);
            var issuer = fields.Length > 3 ? certificates[fields[3]] : null;
            certificates[fields[0]] = TestCertificates.Create(fields[0], fields[1] == "ca", validity, issuer, now);
        }
        return certificates;
    }

    private static string Substitute(string text, Dictionary<string, GeneratedCertificate> certificates) =>
        Placeholder().Replace(text, m =>
        {
            var cert = certificates.TryGetValue(m.Groups[2].Value, out var c)
                ? c
                : throw new InvalidOperationException($"certificate {m.Groups[2].Value} is not defined in certs.txt");
            return m.Groups[1].Value switch
            {
                "cert" => Base64(cert.CertificatePem),
                "key" => Base64(cert.PrivateKeyPem),
                "keypem" => cert.PrivateKeyPem.ReplaceLineEndings(" "),
                _ => IndentLike(text, m.Index, cert.CertificatePem),
            };
        });

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    // A {{pem:…}} placeholder sits on its own line inside a YAML block scalar: continue each PEM line at that indent.
    private static string IndentLike(string text, int index, string pem)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var indent = text[lineStart..index];
        return string.Join("\n" + indent, pem.TrimEnd('\n').Split('\n'));
    }
}
