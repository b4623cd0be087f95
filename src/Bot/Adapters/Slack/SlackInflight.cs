namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// Work started after Slack has been answered (a press, a mention, a late reply): it runs at once, in parallel,
/// rather than behind the diagnoses on <c>BackgroundWork</c>, so a presser hears back within moments. Failures are
/// logged; on shutdown in-flight work gets a few seconds to finish.
/// </summary>
internal sealed class SlackInflight(ILogger<SlackInflight> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _running = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    public void Run(string what, Func<CancellationToken, Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Slack: {What} failed: {Message}", what, e.Message);
            }
        });
        lock (_gate)
        {
            _running.Add(task);
        }
        task.ContinueWith(t =>
        {
            lock (_gate)
            {
                _running.Remove(t);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits until nothing is running (tests; shutdown).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task[] running;
            lock (_gate)
            {
                running = [.. _running];
            }
            if (running.Length == 0)
            {
                return;
            }
            await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await WhenIdleAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Slack: {Count} piece(s) of work cut short by shutdown", Count);
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
