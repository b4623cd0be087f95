namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// Refuses a signed request seen before: the timestamp window stops old captures, this stops a capture replayed within
/// the window. Keyed by the verified MAC bytes (which cover timestamp and body), never the header as sent, so no other
/// spelling of the same signature passes as new; entries live as long as the window; the set is bounded, evicting the
/// oldest first.
/// </summary>
internal sealed class SlackReplayGuard(TimeProvider time)
{
    public const int Capacity = 20_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Mac, DateTimeOffset At)> _order = new();

    /// <summary>True the first time a verified MAC is presented within the window; false for a replay.</summary>
    public bool FirstUse(ReadOnlySpan<byte> mac)
    {
        var key = Convert.ToHexStringLower(mac);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            while (_order.Count > 0 && (_order.Count >= Capacity || now - _order.Peek().At > SlackSignatureVerifier.Window * 2))
            {
                var (old, at) = _order.Dequeue();
                if (_seen.TryGetValue(old, out var seenAt) && seenAt == at)
                {
                    _seen.Remove(old);
                }
            }
            if (_seen.ContainsKey(key))
            {
                return false;
            }
            _seen[key] = now;
            _order.Enqueue((key, now));
            return true;
        }
    }
}
