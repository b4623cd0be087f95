using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace MeshBot.KubernetesEmulator.Tests.Support;

/// <summary>Small helpers for talking JSON to the emulator over HttpClient.</summary>
public static class HttpJson
{
    public static async Task<(int Status, JsonObject Body)> SendAsync(this HttpClient client, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public static Task<(int Status, JsonObject Body)> GetJsonAsync(this HttpClient client, string path) => client.SendAsync(HttpMethod.Get, path);

    public static string Str(this JsonNode? node, params string[] path)
    {
        foreach (var segment in path)
        {
            node = node?[segment];
        }
        return node?.ToString() ?? "";
    }
}
