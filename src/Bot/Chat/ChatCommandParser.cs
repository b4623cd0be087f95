using System.Globalization;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Bot.Chat;

/// <summary>
/// Parses <c>diagnose TARGET [from SOURCE] [port N]</c>, <c>status [INCIDENT]</c>, <c>approve|reject INCIDENT [PROPOSAL]</c>,
/// <c>escalate INCIDENT</c>, <c>rediagnose INCIDENT</c>, <c>silence INCIDENT DURATION</c> (<c>2h</c>, <c>30m</c>, <c>1d</c>)
/// and <c>help</c>. Anything else is Help with the problem named. Names are validated before they go anywhere.
/// </summary>
public static class ChatCommandParser
{
    public const string Usage =
        "diagnose NAMESPACE[/WORKLOAD] [from NAMESPACE[/WORKLOAD]] [port N] · status [INCIDENT] · approve|reject INCIDENT [PROPOSAL] · escalate INCIDENT · rediagnose INCIDENT · silence INCIDENT 2h · help";

    public static ChatCommand Parse(string? text)
    {
        var words = (text ?? "").Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return new ChatCommand.Help();
        }
        var verb = words[0].ToLowerInvariant();
        var rest = words[1..];
        return verb switch
        {
            "diagnose" => Diagnose(rest),
            "status" when rest.Length <= 1 => new ChatCommand.Status(rest.FirstOrDefault()),
            "approve" when rest.Length is 1 or 2 && IsIncident(rest[0]) => new ChatCommand.Approve(rest[0], rest.ElementAtOrDefault(1)),
            "reject" when rest.Length is 1 or 2 && IsIncident(rest[0]) => new ChatCommand.Reject(rest[0], rest.ElementAtOrDefault(1)),
            "escalate" when rest.Length == 1 && IsIncident(rest[0]) => new ChatCommand.Escalate(rest[0]),
            "rediagnose" when rest.Length == 1 && IsIncident(rest[0]) => new ChatCommand.Rediagnose(rest[0]),
            "silence" when rest.Length == 2 && IsIncident(rest[0]) => Duration(rest[1]) is { } d ? new ChatCommand.Silence(rest[0], d) : new ChatCommand.Help($"'{rest[1]}' is not a duration like 30m, 2h or 1d"),
            "help" => new ChatCommand.Help(),
            "status" or "approve" or "reject" or "escalate" or "rediagnose" or "silence" => new ChatCommand.Help($"`{verb}` needs an incident id (inc-…)"),
            _ => new ChatCommand.Help($"unknown command `{Trim(verb)}`"),
        };
    }

    private static ChatCommand Diagnose(string[] words)
    {
        if (words.Length == 0)
        {
            return new ChatCommand.Help("`diagnose` needs a target: NAMESPACE or NAMESPACE/WORKLOAD");
        }
        if (!TargetSpec.TryParse(words[0], out var target, out var error))
        {
            return new ChatCommand.Help(error);
        }
        TargetSpec? source = null;
        int? port = null;
        for (var i = 1; i < words.Length; i += 2)
        {
            if (i + 1 >= words.Length)
            {
                return new ChatCommand.Help($"`{Trim(words[i])}` needs a value");
            }
            switch (words[i].ToLowerInvariant())
            {
                case "from":
                    if (!TargetSpec.TryParse(words[i + 1], out source, out var fromError))
                    {
                        return new ChatCommand.Help(fromError);
                    }
                    break;
                case "port" when int.TryParse(words[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535:
                    port = p;
                    break;
                default:
                    return new ChatCommand.Help($"`{Trim(words[i])} {Trim(words[i + 1])}` is not `from NAMESPACE[/WORKLOAD]` or `port 1-65535`");
            }
        }
        return new ChatCommand.Diagnose(new DiagnosisRequest(target!, source, port));
    }

    private static bool IsIncident(string word) => word.Length is > 4 and < 40 && word.StartsWith("inc-", StringComparison.Ordinal) && word[4..].All(char.IsAsciiLetterOrDigit);

    private static TimeSpan? Duration(string word)
    {
        if (word.Length < 2 || !int.TryParse(word[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return null;
        }
        var span = word[^1] switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => (TimeSpan?)null,
        };
        return span is { } s && s <= TimeSpan.FromDays(30) ? s : null;
    }

    // Echoing user input back into chat: short, and without markup that could ping anyone.
    private static string Trim(string word) => new string(word.Take(40).Where(c => c is not ('<' or '>' or '@' or '`')).ToArray());
}
