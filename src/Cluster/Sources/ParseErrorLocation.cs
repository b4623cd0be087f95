using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace MeshBot.Cluster.Sources;

/// <summary>
/// Where a snapshot file fails to parse, as a person looks for it: a 1-based line (and column for JSON), and the parser's
/// message without its own 0-based position suffix. YamlDotNet places a tab used as indentation at the start of the
/// enclosing mapping, so that one is found by reading the file for the first indentation with a tab.
/// </summary>
internal static partial class ParseErrorLocation
{
    public static string Json(JsonException e) =>
        $"invalid JSON at line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {PositionSuffix().Replace(FirstLine(e.Message), "").TrimEnd()}";

    public static string Yaml(string path, YamlException e)
    {
        var line = e.Start.Line;
        if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && TabIndentedLine(path, line) is { } tab)
        {
            line = tab;
        }
        return $"invalid YAML at line {line}: {FirstLine(e.Message)}";
    }

    private static long? TabIndentedLine(string path, long from)
    {
        try
        {
            var number = 0L;
            foreach (var text in File.ReadLines(path))
            {
                number++;
                if (number >= from && text.TakeWhile(char.IsWhiteSpace).Contains('\t'))
                {
                    return number;
                }
            }
        }
        catch (IOException)
        {
            // the parser's own line then
        }
        return null;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    [GeneratedRegex(@"\s*LineNumber: \d+ \| BytePositionInLine: \d+\.?$")]
    private static partial Regex PositionSuffix();
}
