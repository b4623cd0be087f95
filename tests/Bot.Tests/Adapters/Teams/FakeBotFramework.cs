using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Tests.Adapters.Teams;

/// <summary>
/// The Bot Framework as MeshBot meets it, over real HTTPS on 127.0.0.1 (a fresh self-signed certificate):
/// the OpenID metadata and JWK set of the Connector's token signing keys (with <c>endorsements</c>), the login
/// service's client-credentials token endpoint, and a Connector that records every activity it is sent and answers
/// as documented (ResourceResponse, ConversationResourceResponse, ErrorResponse). It also issues the JWTs the
/// Connector would put on activities it sends to the bot, signed with its own RSA keys.
/// </summary>
internal sealed class FakeBotFramework : IAsyncDisposable
{
    public const string AppId = "6f1c0d2e-8a4b-4c1d-9e7f-0a1b2c3d4e5f";
    public const string AppPassword = "not-a-real-secret-~";
    public const string Issuer = "https://api.botframework.com";

    // RSA key generation takes a good part of a second here: keys (by id) and the certificate are made once per test run.
    private static readonly ConcurrentDictionary<string, Lazy<RSA>> Keyring = new(StringComparer.Ordinal);
    private static readonly Lazy<X509Certificate2> SharedCertificate = new(SelfSigned);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(HttpStatusCode Status, string? RetryAfter, string Body)> _faults = new();
    private readonly List<ConnectorCall> _calls = [];
    private readonly List<string> _issued = [];
    private int _ids = 1_000;

    private FakeBotFramework(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
        PublishedKeys = ["key-1"];
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>https://127.0.0.1:PORT/ — the serviceUrl of the activities this Connector sends.</summary>
    public string ServiceUrl { get; private set; } = "";

    public Uri OpenIdMetadataUrl => new(ServiceUrl + "v1/.well-known/openidconfiguration");

    public Uri TokenEndpoint => new(ServiceUrl + "botframework.com/oauth2/v2.0/token");

    /// <summary>The key ids the JWK set lists (tests rotate keys by changing it).</summary>
    public List<string> PublishedKeys { get; set; }

    public string[] Endorsements { get; set; } = ["msteams"];

    /// <summary>Endorsements of particular keys, in place of <see cref="Endorsements"/>.</summary>
    public Dictionary<string, string[]> KeyEndorsements { get; } = new(StringComparer.Ordinal);

    public int KeySetFetches;

    public int TokenRequests;

    public int TokenLifetimeSeconds { get; set; } = 3600;

    public IReadOnlyDictionary<string, string>? LastTokenForm { get; private set; }

    public IReadOnlyList<ConnectorCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public static async Task<FakeBotFramework> StartAsync()
    {
        var certificate = SharedCertificate.Value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var fake = new FakeBotFramework(app, certificate);
        fake.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.ServiceUrl = address.TrimEnd('/') + "/";
        return fake;
    }

    /// <summary>A handler that trusts exactly this fake's certificate, for the bot's HTTP clients.</summary>
    public SocketsHttpHandler TrustingHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString(),
        },
    };

    public void PublishKey(string kid) => PublishedKeys = [.. PublishedKeys, kid];

    /// <summary>The next <paramref name="count"/> Connector calls fail with this status (429 with a Retry-After, say).</summary>
    public void Fail(int count, HttpStatusCode status, string? retryAfter = null, string body = "")
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue((status, retryAfter, body));
        }
    }

    /// <summary>A Connector → bot token: RS256, header kid/x5t, claims iss/aud/nbf/exp/serviceurl, each overridable.</summary>
    public string ChannelToken(string? serviceUrl = null, string? audience = AppId, string issuer = Issuer, DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null, string kid = "key-1", string? signWith = null, string alg = "RS256")
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = alg, ["x5t"] = kid, ["kid"] = kid };
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["nbf"] = (notBefore ?? now.AddMinutes(-1)).ToUnixTimeSeconds(),
            ["exp"] = (expires ?? now.AddHours(1)).ToUnixTimeSeconds(),
            ["serviceurl"] = serviceUrl ?? ServiceUrl,
        };
        if (audience is not null)
        {
            payload["aud"] = audience;
        }
        var input = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var key = Key(signWith ?? kid);
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + B64(signature);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>The private key behind a key id (made on first use), for tokens the tests shape themselves.</summary>
    public static RSA Key(string kid) => Keyring.GetOrAdd(kid, _ => new Lazy<RSA>(() => RSA.Create(2048))).Value;

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private void Map(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new
        {
            issuer = Issuer,
            authorization_endpoint = "https://invalid.botframework.com",
            jwks_uri = ServiceUrl + "v1/.well-known/keys",
            id_token_signing_alg_values_supported = new[] { "RS256" },
            token_endpoint_auth_methods_supported = new[] { "private_key_jwt" },
        }));
        app.MapGet("/v1/.well-known/keys", () =>
        {
            Interlocked.Increment(ref KeySetFetches);
            var keys = PublishedKeys.Select(kid =>
            {
                var p = Key(kid).ExportParameters(false);
                return new { kty = "RSA", use = "sig", kid, x5t = kid, n = B64(p.Modulus!), e = B64(p.Exponent!), endorsements = KeyEndorsements.GetValueOrDefault(kid, Endorsements) };
            });
            return Results.Json(new { keys });
        });
        app.MapPost("/{tenant}/oauth2/v2.0/token", (Delegate)(async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            LastTokenForm = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            Interlocked.Increment(ref TokenRequests);
            if (form["client_id"] != AppId || form["client_secret"] != AppPassword || form["grant_type"] != "client_credentials")
            {
                return Results.Json(new { error = "invalid_client", error_description = "AADSTS7000215: Invalid client secret provided." }, statusCode: 401);
            }
            var token = "bot-token-" + Guid.NewGuid().ToString("N");
            lock (_issued)
            {
                _issued.Add(token);
            }
            return Results.Json(new { token_type = "Bearer", expires_in = TokenLifetimeSeconds, ext_expires_in = TokenLifetimeSeconds, access_token = token });
        }));
        app.MapPost("/v3/conversations", (Delegate)((HttpContext context) => ConnectorAsync(context, null, null, "create")));
        app.MapPost("/v3/conversations/{conversation}/activities", (HttpContext context, string conversation) => ConnectorAsync(context, conversation, null, "send"));
        app.MapPost("/v3/conversations/{conversation}/activities/{activity}", (HttpContext context, string conversation, string activity) => ConnectorAsync(context, conversation, activity, "reply"));
        app.MapPut("/v3/conversations/{conversation}/activities/{activity}", (HttpContext context, string conversation, string activity) => ConnectorAsync(context, conversation, activity, "update"));
    }

    private async Task<IResult> ConnectorAsync(HttpContext context, string? conversation, string? activityId, string operation)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        bool known;
        lock (_issued)
        {
            known = authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _issued.Contains(authorization["Bearer ".Length..]);
        }
        if (!known)
        {
            return Results.Json(new { error = new { code = "Unauthorized", message = "Authorization has been denied for this request." } }, statusCode: 401);
        }
        var body = (await JsonNode.ParseAsync(context.Request.Body))!;
        if (_faults.TryDequeue(out var fault))
        {
            if (fault.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = fault.RetryAfter;
            }
            context.Response.Headers["X-Correlating-OperationId"] = "fake-op";
            return Results.Text(fault.Body, "application/json", statusCode: (int)fault.Status);
        }
        var id = Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture);
        lock (_calls)
        {
            _calls.Add(new ConnectorCall(operation, conversation, activityId, body, operation == "update" ? activityId! : id));
        }
        if (operation == "create")
        {
            var channel = body["channelData"]?["channel"]?["id"]?.GetValue<string>() ?? "a:chat";
            return Results.Json(new { id = $"{channel};messageid={id}", activityId = id, serviceUrl = ServiceUrl });
        }
        return Results.Json(new { id = operation == "update" ? activityId : id });
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=fake-bot-framework", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}

/// <summary>
/// One call the fake Connector accepted: <c>create</c> (POST /v3/conversations), <c>send</c>, <c>reply</c> or <c>update</c>;
/// <c>Id</c> is the activity id the fake gave the posted activity (the updated one's for an update).
/// </summary>
internal sealed record ConnectorCall(string Operation, string? Conversation, string? ActivityId, JsonNode Body, string Id)
{
    /// <summary>The activity: the body, or for a created conversation its <c>activity</c>.</summary>
    public JsonNode Activity => Operation == "create" ? Body["activity"]! : Body;

    public JsonNode? Card => Activity["attachments"]?[0]?["content"];

    public string Json => Body.ToJsonString();
}
