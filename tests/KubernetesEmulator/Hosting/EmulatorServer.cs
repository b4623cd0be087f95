using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshBot.KubernetesEmulator.Hosting;

/// <summary>
/// Kestrel on 127.0.0.1 with a random port, HTTPS only (HTTP/1.1 and HTTP/2, as the API server), requesting but not
/// requiring a client certificate, and one terminal handler: the emulator routes every path itself.
/// </summary>
internal static class EmulatorServer
{
    private const string ConnectionKey = "meshbot.emulator.connection";

    /// <summary>
    /// Closes the TCP connection under a request, not just the request: on HTTP/2 (Go clients, kubectl) aborting the
    /// request only resets one stream, while a real dropped connection fails every request on it.
    /// </summary>
    public static void DropConnection(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ConnectionKey, out var item) == true && item is ConnectionContext connection)
        {
            connection.Abort(new ConnectionAbortedException("connection dropped by an injected fault"));
        }
        context.Abort();
    }

    public static async Task<(WebApplication App, Uri Url)> StartAsync(X509Certificate2 serverCertificate, RequestDelegate handler, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        // The emulator lives inside a test process: it must not take over that process's Ctrl+C and SIGTERM handling.
        builder.Services.AddSingleton<IHostLifetime, HostedInProcessLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(next => connection =>
                {
                    connection.Items[ConnectionKey] = connection; // the transport connection, below TLS
                    return next(connection);
                });
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    // Accept any certificate in the handshake; the authenticator validates it so a bad one is a 401 Status.
                    ClientCertificateValidation = (_, _, _) => true,
                });
            });
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(new Uri(address).GetLeftPart(UriPartial.Authority)));
    }
}

/// <summary>A host lifetime that neither waits for nor reacts to process signals; the owner stops the host explicitly.</summary>
internal sealed class HostedInProcessLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
