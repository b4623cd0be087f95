using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Api;

namespace MeshBot.KubernetesEmulator.Storage;

/// <summary>
/// The opaque <c>continue</c> token, shaped like the real server's (base64 of <c>{"v":"meta.k8s.io/v1","rv":N,"start":KEY}</c>):
/// the next page starts after the last key served. Pages read current state rather than a snapshot at <c>rv</c>.
/// </summary>
internal static class ContinueToken
{
    public static string Encode(long revision, string lastKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = revision, ["start"] = lastKey + "\0" };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The key after which the next page starts; 400 with the real server's wording when the token is not one of ours.</summary>
    public static string Decode(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var json = JsonNode.Parse(Convert.FromBase64String(padded));
            var start = json?["start"]?.GetValue<string>();
            if (json?["v"]?.GetValue<string>() != "meta.k8s.io/v1" || string.IsNullOrEmpty(start))
            {
                throw new FormatException("unrecognized token");
            }
            return start.TrimEnd('\0');
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw StatusErrors.BadRequest($"continue key is not valid: {e.Message}");
        }
    }
}
