using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using MeshBot.Cluster.Kubernetes.Auth;
using MeshBot.Cluster.Kubernetes.Config;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MeshBot.Cluster.Kubernetes.Http;

/// <summary>
/// The one HTTP pipeline to an API server: TLS as the kubeconfig says, credentials on every request (a 401
/// refreshes them once), at most <see cref="KubernetesClientOptions.MaxConcurrency"/> requests in flight, and
/// retries with exponential backoff and jitter on 429, 5xx, timeouts and connection failures, honouring
/// Retry-After. 401 and 403 are never retried. Read verbs and write verbs both go through it.
/// </summary>
public sealed class KubernetesTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly ICredentialSource _credentials;
    private readonly KubernetesClientOptions _options;
    private readonly SemaphoreSlim _concurrency;
    private readonly ResiliencePipeline<HttpResponseMessage> _reads;
    private readonly ResiliencePipeline<HttpResponseMessage> _writes;
    private X509Certificate2? _clientCertificate;
    private int _requests;
    private int _errors;

    public KubernetesTransport(ClusterEndpoint endpoint, KubernetesClientOptions? options = null, TimeProvider? time = null)
    {
        Endpoint = endpoint;
        _options = options ?? new KubernetesClientOptions();
        _options.Validate();
        time ??= TimeProvider.System;
        _credentials = CredentialSources.For(endpoint, time);
        _concurrency = new SemaphoreSlim(_options.MaxConcurrency);
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = _options.RequestTimeout,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = TlsValidation.For(endpoint);
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => _clientCertificate!;
        if (endpoint.TlsServerName is { Length: > 0 } serverName)
        {
            handler.SslOptions.TargetHost = serverName;
        }
        _http = new HttpClient(handler) { BaseAddress = endpoint.Server, Timeout = Timeout.InfiniteTimeSpan };
        _reads = Pipeline(time, retryAll: true);
        _writes = Pipeline(time, retryAll: false);
    }

    public ClusterEndpoint Endpoint { get; }

    /// <summary>HTTP attempts made so far, retries included; the benchmark reports it per diagnosis.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Attempts that failed: no answer, or an error status (4xx other than 404, and 5xx).</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>
    /// Sends one request and reads the whole body. Throws <see cref="KubernetesUnreachableException"/> when no
    /// answer came after the retries; an HTTP error status is returned for the caller to judge (404 may be fine).
    /// </summary>
    public async Task<KubernetesResponse> SendAsync(HttpMethod method, string pathAndQuery, Func<HttpContent>? content = null, CancellationToken cancellationToken = default)
    {
        var request = $"{method} {pathAndQuery.Split('?')[0]}";
        var pipeline = method == HttpMethod.Get ? _reads : _writes;
        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var credential = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
                _clientCertificate = credential.ClientCertificate;
                using var response = await Execute(pipeline, method, pathAndQuery, content, credential, request, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    _credentials.Invalidate(credential); // a rotated token or an expired exec credential: fetch once more
                    continue;
                }
                return new KubernetesResponse(response.StatusCode, body, request);
            }
        }
        finally
        {
            _concurrency.Release();
        }
    }

    private async Task<HttpResponseMessage> Execute(ResiliencePipeline<HttpResponseMessage> pipeline, HttpMethod method, string pathAndQuery, Func<HttpContent>? content, Credential credential, string request, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token =>
            {
                Interlocked.Increment(ref _requests);
                using var message = new HttpRequestMessage(method, pathAndQuery) { Content = content?.Invoke() };
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                message.Headers.UserAgent.ParseAdd("meshbot/1.0");
                if (credential.Authorization is { } authorization)
                {
                    message.Headers.TryAddWithoutValidation("Authorization", authorization);
                }
                try
                {
                    var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                    if ((int)response.StatusCode >= 400 && response.StatusCode != HttpStatusCode.NotFound)
                    {
                        Interlocked.Increment(ref _errors);
                    }
                    return response;
                }
                catch (Exception) when (!token.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _errors);
                    throw;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            var why = e is TimeoutRejectedException ? $"no answer within {_options.RequestTimeout.TotalSeconds:F0} s" : Innermost(e).Message;
            throw new KubernetesUnreachableException($"cannot reach the Kubernetes API at {Endpoint.Server} ({request}): {why}", e);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> Pipeline(TimeProvider time, bool retryAll)
    {
        var handle = new PredicateBuilder<HttpResponseMessage>()
            .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (retryAll && (int)r.StatusCode >= 500));
        if (retryAll)
        {
            handle = handle.Handle<HttpRequestException>().Handle<TimeoutRejectedException>();
        }
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = handle,
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }
        return builder.AddTimeout(_options.RequestTimeout).Build();
    }

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, _options.MaxRetryAfter.Ticks)) : null;
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    public void Dispose()
    {
        _http.Dispose();
        _concurrency.Dispose();
    }
}
