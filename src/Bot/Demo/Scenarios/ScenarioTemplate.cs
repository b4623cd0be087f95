using System.Text;
using System.Text.RegularExpressions;

namespace MeshBot.Bot.Demo.Scenarios;

/// <summary>
/// A scenario is the <c>_base</c> cluster of <c>scenarios/</c> overlaid by one scenario directory (same relative path
/// replaces, a <c>DELETE</c> file lists base files to drop), with certificates generated now from <c>certs.txt</c>
/// and substituted for <c>{{cert:NAME}}</c>, <c>{{key:NAME}}</c>, <c>{{pem:NAME}}</c> and <c>{{keypem:NAME}}</c>.
/// The same scenarios are the demo's clusters and the tests' fixtures (see scenarios/README.md).
/// </summary>
public static partial class ScenarioTemplate
{
    public const string Base = "_base";

    [GeneratedRegex(@"\{\{(cert|key|pem|keypem):([A-Za-z0-9_-]+)\}\}")]
    private static partial Regex Placeholder();

    private static readonly string[] Meta = ["DELETE", "certs.txt", ".keep", "README.md"];

    /// <summary>The snapshot files of the scenario (relative path → text) and the certificates made for it.</summary>
    public static (IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, GeneratedCertificate> Certificates) Materialize(
        IReadOnlyDictionary<string, string> baseFiles, IReadOnlyDictionary<string, string> scenarioFiles, DateTimeOffset now)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in baseFiles.Concat(scenarioFiles))
        {
            files[Normalize(path)] = text;
        }
        var deletions = scenarioFiles.TryGetValue("DELETE", out var delete)
            ? delete.Split('\n').Select(l => Normalize(l.Trim())).Where(l => l.Length > 0).ToHashSet()
            : [];
        var certificates = Generate(Spec(baseFiles.GetValueOrDefault("certs.txt"), scenarioFiles.GetValueOrDefault("certs.txt")), now);

        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in files)
        {
            if (!deletions.Contains(path) && !Meta.Contains(Path.GetFileName(path)))
            {
                result[path] = Substitute(text, certificates);
            }
        }
        return (result, certificates);
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    private static List<string[]> Spec(params string?[] files)
    {
        var lines = new List<string[]>();
        foreach (var line in files.OfType<string>().SelectMany(f => f.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            lines.RemoveAll(l => l[0] == fields[0]);
            lines.Add(fields);
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
            certificates[fields[0]] = ScenarioCertificates.Create(fields[0], fields[1] == "ca", validity, issuer, now);
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
