using System.Globalization;
using MeshBot.Bot.Cli;

namespace MeshBot.Bot.Adapters.Alertmanager;

/// <summary>
/// <c>MeshBot:Alertmanager</c>: <c>BearerToken</c> (the secret Alertmanager's <c>http_config.authorization.credentials</c>
/// sends; without it the receiver is disabled), <c>Url</c> (optional: the Alertmanager MeshBot creates and expires silences
/// on, with its route prefix if any), <c>Timeout</c> (optional, default 00:00:10, for calls to that Alertmanager) and
/// <c>LabelMap</c> (see <see cref="AlertLabelMap"/>). A malformed value stops start-up with the key named.
/// </summary>
internal sealed record AlertmanagerOptions(string BearerToken, Uri? Url, TimeSpan Timeout, AlertLabelMap LabelMap)
{
    public const string Section = "MeshBot:Alertmanager";

    /// <summary>Webhook bodies above this are refused (413). Alertmanager's own payloads are a few KiB per alert.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The options, or null when <c>BearerToken</c> is not set (the receiver is then disabled).</summary>
    public static AlertmanagerOptions? Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var token = section["BearerToken"];
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        if (token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw Malformed("BearerToken", "contains whitespace or control characters (it is sent in an HTTP header)");
        }

        Uri? url = null;
        if (section["Url"] is { Length: > 0 } urlText)
        {
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0 || url.Fragment.Length > 0)
            {
                throw Malformed("Url", $"'{urlText}' is not an absolute http(s) URL without query or fragment, like http://alertmanager.monitoring:9093");
            }
        }

        var timeout = DefaultTimeout;
        if (section["Timeout"] is { Length: > 0 } timeoutText
            && (!TimeSpan.TryParse(timeoutText, CultureInfo.InvariantCulture, out timeout) || timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(5)))
        {
            throw Malformed("Timeout", $"'{timeoutText}' is not a duration between 00:00:00.001 and 00:05:00");
        }

        return new AlertmanagerOptions(token, url, timeout, AlertLabelMap.Load(section.GetSection("LabelMap")));
    }

    /// <summary>The Alertmanager base URL without a trailing slash (for API paths and the UI link).</summary>
    public string? BaseUrl => Url?.AbsoluteUri.TrimEnd('/');

    internal static CliException Malformed(string key, string problem) => new($"configuration {Section}:{key}: {problem}");
}
