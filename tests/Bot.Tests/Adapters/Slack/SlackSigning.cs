using System.Security.Cryptography;
using System.Text;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>Signs request bodies as Slack does (v0, HMAC-SHA256, hex), independently of the adapter's code.</summary>
internal static class SlackSigning
{
    public static string Sign(string secret, string timestamp, byte[] body)
    {
        var basestring = Encoding.UTF8.GetBytes($"v0:{timestamp}:").Concat(body).ToArray();
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), basestring));
    }

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A form body as Slack encodes it (application/x-www-form-urlencoded).</summary>
    public static string Form(params (string Key, string Value)[] fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
}
