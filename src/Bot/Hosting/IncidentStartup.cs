using MeshBot.Bot.Chat;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using Microsoft.Extensions.Hosting;

namespace MeshBot.Bot.Hosting;

/// <summary>
/// Before the bot listens: migrate the store, then queue the recovery of what a previous process left mid-way (see
/// <see cref="IncidentService.RecoverAsync(string, CancellationToken)"/>) as background work keyed by incident, so that a
/// recovered plan's rollout wait never holds up start-up, and a press on that incident queues behind its recovery.
/// While it runs: expire approvals that timed out, every 30 s.
/// </summary>
public sealed class IncidentStartup(IIncidentStore store, IncidentService incidents, BackgroundWork background, TimeProvider time, ILogger<IncidentStartup> logger) : BackgroundService
{
    public static readonly TimeSpan ExpiryInterval = TimeSpan.FromSeconds(30);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var recoverable = await incidents.RecoverableAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in recoverable)
        {
            background.Enqueue(id, $"recover {id}", ct => incidents.RecoverAsync(id, ct));
        }
        if (recoverable.Count > 0)
        {
            logger.LogWarning("recovering {Count} incident(s) a previous process left mid-way: {Incidents}", recoverable.Count, string.Join(", ", recoverable));
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ExpiryInterval, time);
        while (await Tick(timer, stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var expired = await incidents.ExpireDueAsync(stoppingToken).ConfigureAwait(false);
                if (expired > 0)
                {
                    logger.LogInformation("{Count} incident(s) expired awaiting approval", expired);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "expiring approvals failed");
            }
        }
    }

    // Stopping (or the host being disposed under the timer) ends the loop quietly.
    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
