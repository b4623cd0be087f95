namespace MeshBot.Cluster.Kubernetes.Http;

/// <summary>How hard the client tries; defaults suit an interactive diagnosis during an incident.</summary>
public sealed record KubernetesClientOptions
{
    /// <summary>Per attempt; a slow API server must not hang the bot.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries after the first attempt, for 429, 5xx, timeouts and connection failures (reads only; writes retry 429 only).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff; doubles per retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A Retry-After longer than this is capped, so one throttled call cannot stall a diagnosis for minutes.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Requests in flight at once against one API server.</summary>
    public int MaxConcurrency { get; init; } = 6;

    /// <summary>Items per list page (<c>limit</c>); the client follows <c>continue</c>.</summary>
    public int PageSize { get; init; } = 500;

    public void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero || MaxRetries < 0 || MaxConcurrency < 1 || PageSize < 1 || BaseDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Kubernetes client options must be positive");
        }
    }
}
