namespace MeshBot.Bot.Cli;

/// <summary>Checks <c>--urls</c> before Kestrel does: Kestrel answers a malformed address with an unhandled exception at start.</summary>
internal static class ServeUrls
{
    public static string Validate(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcards (http://*:8080, http://+:8080) are not valid URIs; check them as a host name would be.
            var candidate = url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal);
            if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                throw new CliException($"serve: --urls '{url}' is not an address to listen on, e.g. http://0.0.0.0:8080 (several are separated by ';')");
            }
        }
        return urls;
    }
}
