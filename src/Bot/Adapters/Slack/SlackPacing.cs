namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// How fast MeshBot calls each Web API method, below Slack's published limits so a burst of thread posts is spaced
/// rather than refused: <c>chat.postMessage</c> about one message per second per channel (the "special" tier),
/// <c>chat.update</c> Tier 3 (50+ per minute, bursts welcome), <c>chat.postEphemeral</c> and <c>auth.test</c> Tier 4
/// (100+ per minute). <c>apps.connections.open</c> is not paced: reconnects have their own backoff.
/// </summary>
internal sealed record SlackPacing
{
    public TimeSpan PostMessageInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan UpdateInterval { get; init; } = TimeSpan.FromSeconds(1.2);

    public int UpdateBurst { get; init; } = 5;

    public TimeSpan Tier4Interval { get; init; } = TimeSpan.FromSeconds(0.6);

    public int Tier4Burst { get; init; } = 10;

    /// <summary>The longest <c>Retry-After</c> MeshBot waits out; a longer one fails the call with <c>ratelimited</c>.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times one call is retried after a 429.</summary>
    public int MaxRateLimitRetries { get; init; } = 3;

    /// <summary>The pacing rule for a method and the key it is counted under (the channel, or the workspace).</summary>
    public (TimeSpan Interval, int Burst, string Key)? Rule(string method, string? channel) => method switch
    {
        "chat.postMessage" => (PostMessageInterval, 1, $"{method}/{channel}"),
        "chat.update" => (UpdateInterval, UpdateBurst, method),
        "chat.postEphemeral" or "auth.test" => (Tier4Interval, Tier4Burst, method),
        _ => null,
    };
}
