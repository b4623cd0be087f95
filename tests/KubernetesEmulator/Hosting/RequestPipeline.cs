using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MeshBot.KubernetesEmulator.Api;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Security;
using Microsoft.AspNetCore.Http;

namespace MeshBot.KubernetesEmulator.Hosting;

/// <summary>
/// Every request's path through the server, in the real API server's filter order where it matters: injected latency
/// and faults (429/500/dropped connection) first, then authentication (401), authorization (403), and the handler.
/// Failures become Status bodies; every request is recorded with its final status.
/// </summary>
internal sealed class RequestPipeline(
    FaultPlan faults,
    Authenticator authenticator,
    Authorizer authorizer,
    DiscoveryHandler discovery,
    ResourceDispatcher resources,
    ConcurrentQueue<RecordedRequest> log)
{
    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var watch = context.Request.Query["watch"].ToString() is "true" or "1";
        var request = RequestParser.Parse(context.Request.Method, context.Request.Path.Value ?? "/", watch);
        string? user = null;
        var dropped = false;
        try
        {
            if (faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(faults.Latency, context.RequestAborted).ConfigureAwait(false);
            }
            switch (faults.Take(request))
            {
                case { Kind: FaultPlan.Kind.DropConnection }:
                    dropped = true;
                    EmulatorServer.DropConnection(context);
                    return;
                case { Kind: FaultPlan.Kind.TooManyRequests } fault:
                    throw StatusErrors.TooManyRequests(fault.RetryAfterSeconds);
                case { Kind: FaultPlan.Kind.InternalError }:
                    throw StatusErrors.InternalError("injected fault");
            }

            var who = authenticator.Authenticate(context);
            user = who.Name;
            authorizer.Authorize(who, request);
            await (request.IsResourceRequest
                ? resources.DispatchAsync(context, request, who)
                : discovery.HandleAsync(context, request)).ConfigureAwait(false);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await Responses.WriteStatusAsync(context, e).ConfigureAwait(false);
        }
        catch (JsonException e) when (!context.Response.HasStarted)
        {
            await Responses.WriteStatusAsync(context, StatusErrors.BadRequest(e.Message)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            dropped = true; // the client went away
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OutOfMemoryException)
        {
            await Responses.WriteStatusAsync(context, StatusErrors.InternalError(e.Message)).ConfigureAwait(false);
        }
        finally
        {
            log.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.QueryString.Value ?? "",
                dropped ? 0 : context.Response.StatusCode,
                user,
                request.Verb,
                request.ResourceWithSubresource,
                Stopwatch.GetElapsedTime(started)));
        }
    }
}
