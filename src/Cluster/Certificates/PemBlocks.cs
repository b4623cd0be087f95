using System.Text;
using System.Text.RegularExpressions;

namespace MeshBot.Cluster.Certificates;

/// <summary>Extracts PEM blocks by label, so certificate bundles can be read without ever touching key blocks.</summary>
public static partial class PemBlocks
{
    [GeneratedRegex(@"-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----")]
    private static partial Regex CertificateBlock();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)")]
    private static partial Regex PrivateKeyBlock();

    /// <summary>Only the CERTIFICATE blocks of <paramref name="text"/>, one per line group; empty when there are none.</summary>
    public static string Certificates(string text)
    {
        var builder = new StringBuilder();
        foreach (Match match in CertificateBlock().Matches(text))
        {
            builder.Append(match.Value).Append('\n');
        }
        return builder.ToString();
    }

    public static IReadOnlyList<string> Split(string pem) =>
        CertificateBlock().Matches(pem).Select(m => m.Value).ToArray();

    /// <summary>Replaces any private-key PEM block (even a truncated one) by a marker; used on every text that leaves the engine.</summary>
    public static string RedactPrivateKeys(string text) =>
        text.Contains("PRIVATE KEY", StringComparison.Ordinal) ? PrivateKeyBlock().Replace(text, "[private key redacted]") : text;
}
