using MeshBot.KubernetesEmulator.Api;
using Microsoft.AspNetCore.Http;

namespace MeshBot.KubernetesEmulator.Security;

/// <summary>
/// Who is calling: a client certificate chaining to the emulator's CA, else a configured bearer token; anything else
/// (no credentials, an unknown token, a foreign certificate) is 401, as with an API server that disallows anonymous access.
/// Certificates are checked here rather than in the TLS handshake so a bad one gets a Status body, like the real server.
/// </summary>
internal sealed class Authenticator(EmulatorOptions options, CertificateAuthority authority)
{
    public const string AuthenticatedGroup = "system:authenticated";

    public EmulatorUser Authenticate(HttpContext context)
    {
        if (options.AcceptClientCertificates && context.Connection.ClientCertificate is { } certificate
            && authority.Authenticate(certificate) is { } certificateUser)
        {
            return WithAuthenticatedGroup(certificateUser);
        }
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && options.Tokens.TryGetValue(header[scheme.Length..].Trim(), out var tokenUser))
        {
            return WithAuthenticatedGroup(tokenUser);
        }
        throw StatusErrors.Unauthorized();
    }

    private static EmulatorUser WithAuthenticatedGroup(EmulatorUser user) =>
        user.Groups.Contains(AuthenticatedGroup) ? user : user with { Groups = [.. user.Groups, AuthenticatedGroup] };
}
