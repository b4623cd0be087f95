namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// Remembers Events API <c>event_id</c>s so an event is handled once: Slack retries a delivery it thinks failed
/// (<c>X-Slack-Retry-Num</c>, <c>retry_attempt</c> over Socket Mode), and a retry of an event already handled is
/// acknowledged and dropped, while a retry of one never seen is handled. Bounded, oldest evicted first.
/// </summary>
internal sealed class SlackEventDeduplicator(SlackTiming timing, TimeProvider time)
{
    public const int Capacity = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();

    public bool FirstTime(string eventId)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            while (_order.Count > 0 && (_order.Count >= Capacity || now - _order.Peek().At > timing.EventMemory))
            {
                var (old, at) = _order.Dequeue();
                if (_seen.TryGetValue(old, out var seenAt) && seenAt == at)
                {
                    _seen.Remove(old);
                }
            }
            if (!_seen.TryAdd(eventId, now))
            {
                return false;
            }
            _order.Enqueue((eventId, now));
            return true;
        }
    }
}
