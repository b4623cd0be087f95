using Microsoft.AspNetCore.Http;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>
/// Reads the Accept header's Kubernetes media type parameters: <c>as=Table</c> (kubectl get's server-side printing) and
/// <c>as=APIGroupDiscoveryList</c> (aggregated discovery). The first acceptable entry wins, as clients list them by preference.
/// </summary>
internal static class Negotiation
{
    public static bool WantsTable(HttpRequest request) =>
        First(request, p => p.GetValueOrDefault("as") == "Table" && p.GetValueOrDefault("g") == "meta.k8s.io", "Table") == "Table";

    /// <summary><c>v2</c> or <c>v2beta1</c> when the client prefers aggregated discovery, else null for the plain documents.</summary>
    public static string? AggregatedDiscoveryVersion(HttpRequest request) =>
        First(request, p => p.GetValueOrDefault("as") == "APIGroupDiscoveryList" && p.GetValueOrDefault("g") == "apidiscovery.k8s.io"
            && p.GetValueOrDefault("v") is "v2" or "v2beta1", null);

    private static string? First(HttpRequest request, Func<Dictionary<string, string>, bool> wanted, string? found)
    {
        foreach (var entry in request.Headers.Accept.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = entry.Split(';', StringSplitOptions.TrimEntries);
            var parameters = pieces.Skip(1)
                .Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
            if (wanted(parameters))
            {
                return found ?? parameters["v"];
            }
            if (pieces[0] is "application/json" or "*/*" or "application/*" && parameters.Count == 0)
            {
                return null; // plain JSON is preferred over whatever follows
            }
        }
        return null;
    }
}
