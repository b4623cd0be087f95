using MeshBot.Bot.Cli;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// Configuration section <c>MeshBot:Teams</c>. <see cref="AppId"/> and <see cref="AppPassword"/> enable the adapter;
/// the URLs default to the public Bot Framework and are overridable for national clouds and tests. Not a record: the
/// password must never reach a log through a generated <c>ToString</c>.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "MeshBot:Teams";

    public const string BotFrameworkOpenIdMetadata = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Where proactive messages go when no activity has told the bot its conversation's <c>serviceUrl</c> (bot-docs, send proactive messages).</summary>
    public const string BotFrameworkServiceUrl = "https://smba.trafficmanager.net/teams/";

    /// <summary>The bot's Microsoft App ID: the audience of inbound tokens and the client id of outbound ones.</summary>
    public required string AppId { get; init; }

    public required string AppPassword { get; init; }

    /// <summary>Set for a single-tenant bot: tokens come from this tenant instead of <c>botframework.com</c>.</summary>
    public string? TenantId { get; init; }

    /// <summary>The Teams channel (conversation id, <c>19:…@thread.tacv2</c>) where alert triage threads start.</summary>
    public string? TriageConversation { get; init; }

    public Uri OpenIdMetadataUrl { get; init; } = new(BotFrameworkOpenIdMetadata);

    /// <summary>The client-credentials endpoint; by default <c>https://login.microsoftonline.com/{TenantId or botframework.com}/oauth2/v2.0/token</c>.</summary>
    public required Uri TokenEndpoint { get; init; }

    public Uri ServiceUrl { get; init; } = new(BotFrameworkServiceUrl);

    /// <summary>
    /// Binds <c>MeshBot:Teams</c>: null when the app id or password is missing (the adapter is off; <paramref name="missing"/>
    /// names the keys); a malformed value throws naming its key.
    /// </summary>
    internal static TeamsOptions? Bind(IConfiguration configuration, out string missing)
    {
        var section = configuration.GetSection(Section);
        string? Value(string key) => section[key] is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var appId = Value(nameof(AppId));
        var password = section[nameof(AppPassword)] is { Length: > 0 } p ? p : null;
        missing = string.Join(" and ", new[] { (nameof(AppId), appId), (nameof(AppPassword), password) }.Where(k => k.Item2 is null).Select(k => $"{Section}:{k.Item1}"));
        var tenant = Value(nameof(TenantId));
        if (tenant is not null && !(Guid.TryParse(tenant, out _) || tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')))
        {
            throw Malformed(nameof(TenantId), "is neither a tenant GUID nor a domain name");
        }
        if (appId is not null && appId.Any(char.IsWhiteSpace))
        {
            throw Malformed(nameof(AppId), "contains whitespace");
        }
        var triage = Value(nameof(TriageConversation));
        if (triage is not null && (triage.Length > 400 || triage.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw Malformed(nameof(TriageConversation), "is not a Teams conversation id such as 19:…@thread.tacv2");
        }
        var options = new TeamsOptions
        {
            AppId = appId ?? "",
            AppPassword = password ?? "",
            TenantId = tenant,
            TriageConversation = triage,
            OpenIdMetadataUrl = Https(Value(nameof(OpenIdMetadataUrl)), nameof(OpenIdMetadataUrl)) ?? new Uri(BotFrameworkOpenIdMetadata),
            TokenEndpoint = Https(Value(nameof(TokenEndpoint)), nameof(TokenEndpoint))
                ?? new Uri($"https://login.microsoftonline.com/{tenant ?? "botframework.com"}/oauth2/v2.0/token"),
            ServiceUrl = Https(Value(nameof(ServiceUrl)), nameof(ServiceUrl)) ?? new Uri(BotFrameworkServiceUrl),
        };
        return missing.Length == 0 ? options : null;
    }

    private static Uri? Https(string? value, string key) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri
        : throw Malformed(key, $"'{value}' is not an absolute https URL");

    private static CliException Malformed(string key, string problem) => new($"configuration {Section}:{key}: {problem}");
}
