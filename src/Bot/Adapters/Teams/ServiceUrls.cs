namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// The Connector base URL of a conversation. It comes only from an activity whose token vouched for it (the
/// <c>serviceurl</c> claim), from a thread stored after such an activity, or from configuration; it must be https.
/// </summary>
internal static class ServiceUrls
{
    public static bool TryParse(string? value, out Uri serviceUrl)
    {
        serviceUrl = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || uri.UserInfo.Length > 0)
        {
            return false;
        }
        // Relative paths resolve below the base only when it ends in '/' (botbuilder-dotnet Conversations.cs does the same).
        serviceUrl = uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
        return true;
    }

    public static Uri Parse(string? value) =>
        TryParse(value, out var uri) ? uri : throw new TeamsApiException("call", null, null, $"'{value}' is not an https serviceUrl");

    /// <summary><c>v3/conversations/{id}/activities[/{activityId}]</c>, each id escaped (Teams ids hold ':', '@' and ';').</summary>
    public static Uri Activities(Uri serviceUrl, string conversationId, string? activityId = null) =>
        new(serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities{(activityId is null ? "" : "/" + Uri.EscapeDataString(activityId))}");

    public static Uri Conversations(Uri serviceUrl) => new(serviceUrl, "v3/conversations");
}
