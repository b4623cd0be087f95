using MeshBot.KubernetesEmulator.Security;

namespace MeshBot.KubernetesEmulator;

/// <summary>
/// Faults to inject while the emulator runs: a latency added to every request, the next N (matching) requests answered
/// 429 with Retry-After, 500, or with a dropped connection, and 403 for chosen verb + resource pairs (with the real
/// server's message). Each method may be called at any time from any thread; <see cref="Clear"/> heals everything.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock _lock = new();
    private readonly List<Pending> _pending = [];
    private readonly List<(string Verb, string Resource)> _forbidden = [];
    private long _latencyTicks;

    internal enum Kind
    {
        TooManyRequests,
        InternalError,
        DropConnection,
    }

    internal sealed record Fault(Kind Kind, int RetryAfterSeconds);

    private sealed class Pending(Fault fault, int count, Func<KubeRequest, bool>? when)
    {
        public Fault Fault { get; } = fault;

        public int Remaining { get; set; } = count;

        public Func<KubeRequest, bool>? When { get; } = when;
    }

    /// <summary>Added before every request is handled.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>The next <paramref name="count"/> requests (matching <paramref name="when"/>) get 429 TooManyRequests with <c>Retry-After</c>.</summary>
    public FaultPlan TooManyRequests(int count, int retryAfterSeconds = 1, Func<KubeRequest, bool>? when = null) =>
        Add(new Fault(Kind.TooManyRequests, retryAfterSeconds), count, when);

    /// <summary>The next <paramref name="count"/> requests (matching <paramref name="when"/>) get 500 InternalError.</summary>
    public FaultPlan InternalError(int count, Func<KubeRequest, bool>? when = null) =>
        Add(new Fault(Kind.InternalError, 0), count, when);

    /// <summary>The next <paramref name="count"/> requests (matching <paramref name="when"/>) are aborted without a response.</summary>
    public FaultPlan DropConnections(int count, Func<KubeRequest, bool>? when = null) =>
        Add(new Fault(Kind.DropConnection, 0), count, when);

    /// <summary>Answers 403 to <paramref name="verb"/> on <paramref name="resource"/> (e.g. <c>get</c>, <c>secrets</c>) for every user until cleared.</summary>
    public FaultPlan Forbid(string verb, string resource)
    {
        lock (_lock)
        {
            _forbidden.Add((verb, resource));
        }
        return this;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _pending.Clear();
            _forbidden.Clear();
        }
        Latency = TimeSpan.Zero;
    }

    /// <summary>Consumes one pending fault that applies to the request, if any.</summary>
    internal Fault? Take(KubeRequest request)
    {
        lock (_lock)
        {
            var pending = _pending.FirstOrDefault(p => p.When?.Invoke(request) ?? true);
            if (pending is null)
            {
                return null;
            }
            if (--pending.Remaining == 0)
            {
                _pending.Remove(pending);
            }
            return pending.Fault;
        }
    }

    internal bool IsForbidden(KubeRequest request)
    {
        lock (_lock)
        {
            return request.IsResourceRequest && _forbidden.Any(f =>
                ResourcePattern.MatchesVerb(f.Verb, request.Verb)
                && ResourcePattern.MatchesResource(f.Resource, request.Group, request.ResourceWithSubresource));
        }
    }

    private FaultPlan Add(Fault fault, int count, Func<KubeRequest, bool>? when)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            _pending.Add(new Pending(fault, count, when));
        }
        return this;
    }
}
