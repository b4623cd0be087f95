using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Chat;

/// <summary>
/// Work that must not hold up a chat acknowledgement (Slack allows 3 s): diagnoses, executions, thread posts. Jobs
/// with the same key (an incident id) run one after another in the order they were queued; jobs of different keys run
/// in parallel, at most <see cref="BackgroundWorkOptions.MaxParallel"/> at once, so one incident's five-minute rollout
/// wait never holds up another channel's diagnosis.
/// <para>On shutdown nothing new is accepted and what is queued or running is finished, within the host's shutdown
/// timeout. What the timeout cuts short is cancelled and named in one warning; the store still holds those incidents
/// where they were, and recovery at the next start picks them up.</para>
/// </summary>
public sealed class BackgroundWork : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _abort = new();
    private readonly ILogger<BackgroundWork> _logger;
    private bool _closed;
    private int _pending;

    public BackgroundWork(ILogger<BackgroundWork> logger, BackgroundWorkOptions? options = null)
    {
        _logger = logger;
        _slots = new SemaphoreSlim((options ?? new BackgroundWorkOptions()).MaxParallel);
    }

    /// <summary>Jobs queued or running.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>False once shutdown began: <see cref="Enqueue"/> would refuse.</summary>
    public bool Accepting
    {
        get
        {
            lock (_lock)
            {
                return !_closed;
            }
        }
    }

    /// <summary>Queues <paramref name="work"/> behind the jobs already queued for <paramref name="key"/>.</summary>
    /// <exception cref="InvalidOperationException">The bot is shutting down.</exception>
    public void Enqueue(string key, string what, Func<CancellationToken, Task> work)
    {
        lock (_lock)
        {
            if (_closed)
            {
                throw new InvalidOperationException("the bot is shutting down");
            }
            if (!_lanes.TryGetValue(key, out var lane))
            {
                lane = new Lane(key);
                _lanes.Add(key, lane);
            }
            lane.Jobs.Enqueue(new Job(what, work));
            _pending++;
            if (lane.Runner is null)
            {
                // Not in the enqueuing request's logging scope and trace: a job outlives the request, and is its own.
                using (ExecutionContext.SuppressFlow())
                {
                    lane.Runner = Task.Run(() => RunAsync(lane));
                }
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Finishes what is queued; when <paramref name="cancellationToken"/> (the host's shutdown timeout) fires first, cancels it and says what did not finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] runners;
        lock (_lock)
        {
            _closed = true;
            runners = [.. _lanes.Values.Select(l => l.Runner!)];
        }
        if (runners.Length == 0)
        {
            return;
        }
        _logger.LogInformation("shutting down: finishing {Count} queued job(s) first", Pending);
        var drained = Task.WhenAll(runners);
        if (await Task.WhenAny(drained, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false) == drained)
        {
            _logger.LogInformation("shutting down: queued work finished");
            return;
        }

        string[] unfinished;
        lock (_lock)
        {
            unfinished = [.. _lanes.Values.SelectMany(l => (l.Current is null ? [] : new[] { l.Current.What + " (interrupted)" }).Concat(l.Jobs.Select(j => j.What + " (not started)")))];
        }
        await _abort.CancelAsync().ConfigureAwait(false);
        _logger.LogWarning("shutdown timeout: {Count} job(s) did not finish; the store keeps their incidents and the next start recovers them: {Jobs}",
            unfinished.Length, string.Join("; ", unfinished));
    }

    public void Dispose()
    {
        _abort.Dispose();
        _slots.Dispose();
    }

    private async Task RunAsync(Lane lane)
    {
        while (true)
        {
            lock (_lock)
            {
                if (lane.Jobs.Count == 0)
                {
                    _lanes.Remove(lane.Key);
                    return;
                }
            }
            try
            {
                await _slots.WaitAsync(_abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // shutdown timed out: what is left in the lane was named by StopAsync
            }
            if (_abort.IsCancellationRequested)
            {
                _slots.Release(); // a slot freed by a job the timeout cancelled: start nothing new
                return;
            }
            Job job;
            lock (_lock)
            {
                job = lane.Jobs.Dequeue();
                lane.Current = job;
            }
            try
            {
                await job.Work(_abort.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_abort.IsCancellationRequested)
            {
                _logger.LogError(e, "background work failed: {What}", job.What);
            }
            catch (OperationCanceledException)
            {
                // interrupted by the shutdown timeout: named by StopAsync
            }
            finally
            {
                _slots.Release();
                lock (_lock)
                {
                    lane.Current = null;
                    _pending--;
                }
            }
        }
    }

    private sealed record Job(string What, Func<CancellationToken, Task> Work);

    private sealed class Lane(string key)
    {
        public string Key { get; } = key;

        public Queue<Job> Jobs { get; } = new();

        public Job? Current { get; set; }

        public Task? Runner { get; set; }
    }
}
