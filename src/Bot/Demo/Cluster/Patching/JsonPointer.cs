namespace MeshBot.Bot.Demo.Cluster.Patching;

/// <summary>RFC 6901 JSON pointers: <c>/a/b~1c</c> names key <c>b/c</c> of <c>a</c>; <c>~0</c> is <c>~</c> (decoded in that order).</summary>
internal static class JsonPointer
{
    public static IReadOnlyList<string> Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }
        if (pointer[0] != '/')
        {
            throw ApiErrors.BadRequest($"JSON pointer must be empty or start with a \"/\": {pointer}");
        }
        return pointer[1..].Split('/')
            .Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
            .ToArray();
    }

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
