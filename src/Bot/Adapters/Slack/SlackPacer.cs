using MeshBot.Bot.Hosting;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// Spaces Web API calls per method (and per channel for <c>chat.postMessage</c>) with a reservation per call, so
/// concurrent callers queue up in order instead of racing into a 429 (GCRA: a token bucket of <c>Burst</c> calls
/// refilled one per <c>Interval</c>). A 429's <c>Retry-After</c> pushes the whole key back. Waits are counted in
/// <c>meshbot_chat_rate_limit_wait_seconds_total</c>.
/// </summary>
internal sealed class SlackPacer(SlackPacing pacing, TimeProvider time, MeshBotMetrics metrics)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TimeSpan> _theoreticalArrival = new(StringComparer.Ordinal);
    private readonly long _origin = time.GetTimestamp();

    public async Task WaitAsync(string method, string? channel, CancellationToken cancellationToken)
    {
        if (pacing.Rule(method, channel) is not { } rule)
        {
            return;
        }
        var wait = Reserve(rule.Key, rule.Interval, rule.Burst);
        if (wait > TimeSpan.Zero)
        {
            metrics.RateLimitWait("slack", wait);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Slack said 429: nothing more for this key until <paramref name="retryAfter"/> has passed.</summary>
    public void Penalize(string method, string? channel, TimeSpan retryAfter)
    {
        if (pacing.Rule(method, channel) is not { } rule)
        {
            return;
        }
        lock (_gate)
        {
            var until = Now + retryAfter + rule.Interval * (rule.Burst - 1);
            if (!_theoreticalArrival.TryGetValue(rule.Key, out var tat) || tat < until)
            {
                _theoreticalArrival[rule.Key] = until;
            }
        }
    }

    private TimeSpan Now => time.GetElapsedTime(_origin);

    private TimeSpan Reserve(string key, TimeSpan interval, int burst)
    {
        lock (_gate)
        {
            var now = Now;
            if (_theoreticalArrival.Count > 10_000)
            {
                foreach (var idle in _theoreticalArrival.Where(e => e.Value < now).Select(e => e.Key).ToArray())
                {
                    _theoreticalArrival.Remove(idle);
                }
            }
            var tat = _theoreticalArrival.TryGetValue(key, out var stored) && stored > now ? stored : now;
            var allowedAt = tat - interval * (burst - 1);
            _theoreticalArrival[key] = tat + interval;
            return allowedAt > now ? allowedAt - now : TimeSpan.Zero;
        }
    }
}
