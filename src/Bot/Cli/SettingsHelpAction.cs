using System.CommandLine;
using System.CommandLine.Invocation;

namespace MeshBot.Bot.Cli;

/// <summary>
/// Help for the commands that take configuration overrides (<see cref="SettingArguments"/>): System.CommandLine's own
/// text for them shows "additional arguments passed to the application" and an unbalanced usage line, which says
/// nothing of how to set a <c>MeshBot:</c> key. Every other command gets the default help.
/// </summary>
internal sealed class SettingsHelpAction(SynchronousCommandLineAction defaultHelp) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        if (command.TreatUnmatchedTokensAsErrors)
        {
            return defaultHelp.Invoke(parseResult);
        }
        var output = parseResult.InvocationConfiguration.Output;
        var options = command.Options.Where(o => !o.Hidden).Select(o => (Name: o.HelpName is { } help ? $"{o.Name} <{help}>" : $"{o.Name} <{o.Name.TrimStart('-')}>", o.Description)).ToList();
        options.Add(("--MeshBot:Section:Key=value", "any configuration key of appsettings.json, e.g. --MeshBot:Approval:Expiry=00:15:00"));
        options.Add(("-h, --help", "Show help and usage information"));
        var width = options.Max(o => o.Name.Length) + 2;
        output.WriteLine($"Description:\n  {command.Description}\n");
        output.WriteLine($"Usage:\n  meshbot {command.Name} [options] [--MeshBot:Section:Key=value ...]\n");
        output.WriteLine("Options:");
        foreach (var (name, description) in options)
        {
            output.WriteLine($"  {name.PadRight(width)}{description}");
        }
        output.WriteLine($"\nEnvironment variables override appsettings.json with '__' for ':' (MeshBot__Approval__Expiry=00:15:00).");
        return 0;
    }
}
