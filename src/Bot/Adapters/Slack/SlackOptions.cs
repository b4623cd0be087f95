using MeshBot.Bot.Cli;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// <c>MeshBot:Slack</c>: the signing secret that authenticates Slack's requests, the bot token for the Web API, the API
/// base URL (a proxy or a test server may stand in for Slack), the triage channel for alert threads, and the app-level
/// token that switches on Socket Mode. Deliberately not a record: its values are secrets and must never be printed.
/// </summary>
public sealed class SlackOptions
{
    public const string SectionName = "MeshBot:Slack";

    public static readonly Uri DefaultApiBaseUrl = new("https://slack.com/api/");

    /// <summary>Verifies every inbound HTTP request (<c>X-Slack-Signature</c>).</summary>
    public string SigningSecret { get; init; } = "";

    /// <summary>The bot token (<c>xoxb-…</c>) for <c>chat.postMessage</c>, <c>chat.update</c> and the rest.</summary>
    public string BotToken { get; init; } = "";

    /// <summary>Where the Web API methods live; always ends with <c>/</c>.</summary>
    public Uri ApiBaseUrl { get; init; } = DefaultApiBaseUrl;

    /// <summary>The channel (id such as <c>C0123ABCD</c>) where alert threads go; empty when alerts have no Slack thread.</summary>
    public string TriageChannel { get; init; } = "";

    /// <summary>The app-level token (<c>xapp-…</c>); when set, MeshBot receives Slack's payloads over Socket Mode.</summary>
    public string AppToken { get; init; } = "";

    public bool SocketMode => AppToken.Length > 0;

    /// <summary>The keys whose absence disables the adapter.</summary>
    public IReadOnlyList<string> MissingSecrets =>
        [.. new[] { ("SigningSecret", SigningSecret), ("BotToken", BotToken) }.Where(s => s.Item2.Length == 0).Select(s => $"{SectionName}:{s.Item1}")];

    /// <summary>Binds and validates <c>MeshBot:Slack</c>; a malformed value throws a <see cref="CliException"/> naming the key (never its value).</summary>
    public static SlackOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        string Value(string key) => (section[key] ?? "").Trim();

        var options = new SlackOptions
        {
            SigningSecret = Value(nameof(SigningSecret)),
            BotToken = Value(nameof(BotToken)),
            ApiBaseUrl = ApiBase(Value(nameof(ApiBaseUrl))),
            TriageChannel = Value(nameof(TriageChannel)),
            AppToken = Value(nameof(AppToken)),
        };
        Check(nameof(SigningSecret), options.SigningSecret, s => s.All(char.IsAsciiLetterOrDigit), "expected the app's signing secret (letters and digits only)");
        Check(nameof(BotToken), options.BotToken, s => s.StartsWith("xox", StringComparison.Ordinal) && IsToken(s), "expected a Slack bot token (xoxb-…)");
        Check(nameof(AppToken), options.AppToken, s => s.StartsWith("xapp-", StringComparison.Ordinal) && IsToken(s), "expected an app-level token (xapp-…) with connections:write");
        Check(nameof(TriageChannel), options.TriageChannel, s => s.Length <= 80 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '#' or '.'), "expected a channel id such as C0123ABCD");
        return options;
    }

    private static Uri ApiBase(string value)
    {
        if (value.Length == 0)
        {
            return DefaultApiBaseUrl;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new CliException($"configuration {SectionName}:{nameof(ApiBaseUrl)}: '{value}' is not an absolute http(s) URL such as {DefaultApiBaseUrl}");
        }
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static bool IsToken(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static void Check(string key, string value, Func<string, bool> valid, string expected)
    {
        if (value.Length > 0 && !valid(value))
        {
            throw new CliException($"configuration {SectionName}:{key}: malformed value; {expected}");
        }
    }
}
