using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MeshBot.Bot.Tests.Adapters.Oracles;

/// <summary>
/// HTTP/1.1 requests written byte for byte (header lines as given, duplicates and odd spacing included), so that MeshBot's
/// Kestrel and the oracle's Node server read exactly the same bytes; HttpClient would normalise them first.
/// </summary>
internal static class RawHttp
{
    public static byte[] Post(string path, IEnumerable<(string Name, string Value)> headers, byte[] body)
    {
        var head = new StringBuilder($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(':').Append(value).Append("\r\n");
        }
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body];
    }

    /// <summary>Sends the request on a fresh connection and reads the answer to its end: the status and the (de-chunked) body.</summary>
    public static async Task<(int Status, string Body)> SendAsync(int port, byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer);
        var bytes = answer.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = Encoding.Latin1.GetString(bytes, 0, split < 0 ? bytes.Length : split);
        var body = split < 0 ? [] : bytes[(split + 4)..];
        var status = int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
        return (status, Encoding.UTF8.GetString(head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(body) : body));
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var result = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var end = at + body.AsSpan(at).IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.Latin1.GetString(body, at, end - at), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }
            result.Write(body, end + 2, size);
            at = end + 2 + size + 2;
        }
        return result.ToArray();
    }
}
