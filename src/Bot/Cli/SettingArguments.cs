namespace MeshBot.Bot.Cli;

/// <summary>
/// The configuration overrides <c>serve</c> and <c>check-config</c> take after their options:
/// <c>--Section:Key=value</c> or <c>--Section:Key value</c> (e.g. <c>--MeshBot:Approval:Expiry=00:15:00</c>). Anything
/// else is refused, so a mistyped flag (<c>--port</c>, <c>--bogus</c>) is an error, not silently ignored.
/// </summary>
internal static class SettingArguments
{
    public const string Usage = "configuration keys are given as --MeshBot:Section:Key=value (or MeshBot__Section__Key in the environment)";

    public static string[] Validate(string command, IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || !token.Contains(':', StringComparison.Ordinal) || token.StartsWith("--:", StringComparison.Ordinal))
            {
                throw new CliException($"{command}: unknown option or argument '{token}' ({Usage}; see meshbot {command} --help)");
            }
            if (!token.Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 >= tokens.Count || tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new CliException($"{command}: {token} has no value ({Usage})");
                }
                i++; // --Section:Key value
            }
        }
        return [.. tokens];
    }
}
