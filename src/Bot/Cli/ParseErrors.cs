using System.CommandLine;
using System.Text.RegularExpressions;

namespace MeshBot.Bot.Cli;

/// <summary>
/// The parser's errors as one line a person can act on: a value of the wrong type names the option and what it takes
/// (not a CLR type name), and an unknown command lists the commands there are.
/// </summary>
internal static partial class ParseErrors
{
    public static string OneLine(ParseResult parsed)
    {
        var messages = parsed.Errors.Select(e => Humane(string.Join(' ', e.Message.Split(['\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)))).Distinct().ToList();
        if (parsed.CommandResult.Command is RootCommand root && messages.Any(m => m.StartsWith("Unrecognized command or argument", StringComparison.Ordinal)))
        {
            var commands = string.Join(", ", root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            var unknown = parsed.UnmatchedTokens.FirstOrDefault() ?? parsed.Tokens.FirstOrDefault()?.Value ?? "";
            return $"unknown command '{unknown}'; the commands are {commands} (meshbot --help)";
        }
        return string.Join("; ", messages.Where(m => m != "Required command was not provided.").DefaultIfEmpty("a command is required: meshbot --help lists them").Reverse());
    }

    private static string Humane(string message)
    {
        var conversion = Conversion().Match(message);
        if (!conversion.Success)
        {
            return message;
        }
        var type = conversion.Groups["type"].Value;
        var wants = type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) ? "a whole number" : "a valid value";
        return $"{conversion.Groups["option"].Value} '{conversion.Groups["value"].Value}' is not {wants}";
    }

    [GeneratedRegex(@"\ACannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'\.\z")]
    private static partial Regex Conversion();
}
