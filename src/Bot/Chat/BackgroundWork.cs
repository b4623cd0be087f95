using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Chat;

/// <summary>
/// Work that must not hold up a chat acknowledgement (Slack allows 3 s): diagnoses, executions, thread posts. One
/// reader drains the queue; on shutdown the host waits for queued work to finish (within its shutdown timeout), and
/// anything cut short is left in the store for <c>RecoverAsync</c> at the next start.
/// </summary>
public sealed class BackgroundWork(ILogger<BackgroundWork> logger) : BackgroundService
{
    private readonly Channel<(string What, Func<CancellationToken, Task> Work)> _queue = Channel.CreateUnbounded<(string, Func<CancellationToken, Task>)>();

    public int Pending => _queue.Reader.Count;

    public void Enqueue(string what, Func<CancellationToken, Task> work)
    {
        if (!_queue.Writer.TryWrite((what, work)))
        {
            throw new InvalidOperationException("the bot is shutting down");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (what, work) in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                await work(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "background work failed: {What}", what);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete(); // accept nothing new, finish what is queued
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
