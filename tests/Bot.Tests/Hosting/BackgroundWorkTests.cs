using MeshBot.Bot.Chat;
using MeshBot.Bot.Tests.Adapters.Slack;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Tests.Hosting;

/// <summary>Jobs of one key in order, of different keys in parallel (bounded); shutdown drains, or names what its timeout cut short.</summary>
public sealed class BackgroundWorkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly CapturedLogs _logs = new();

    private BackgroundWork Work(int maxParallel = 8) => new(new LoggerFactory([_logs]).CreateLogger<BackgroundWork>(), new BackgroundWorkOptions { MaxParallel = maxParallel });

    [Fact]
    public async Task Enqueue_OtherIncidentWhileOneIsBlocked_RunsAtOnce()
    {
        using var work = Work();
        var blocked = new TaskCompletionSource();
        var other = new TaskCompletionSource();
        work.Enqueue("inc-slow", "a five-minute rollout wait", _ => blocked.Task);

        work.Enqueue("inc-other", "another channel's diagnosis", _ => { other.SetResult(); return Task.CompletedTask; });

        await other.Task.WaitAsync(Patience);
        Assert.False(blocked.Task.IsCompleted);
        blocked.SetResult();
    }

    [Fact]
    public async Task Enqueue_SameIncident_RunsInOrderOneAtATime()
    {
        using var work = Work();
        var order = new List<int>();
        var running = 0;
        var overlapped = false;
        var done = new TaskCompletionSource();
        for (var i = 0; i < 20; i++)
        {
            var n = i;
            work.Enqueue("inc-1", $"step {n}", async _ =>
            {
                overlapped |= Interlocked.Increment(ref running) > 1;
                await Task.Yield();
                lock (order)
                {
                    order.Add(n);
                }
                Interlocked.Decrement(ref running);
                if (n == 19)
                {
                    done.SetResult();
                }
            });
        }

        await done.Task.WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 20), order);
        Assert.False(overlapped);
    }

    [Fact]
    public async Task Enqueue_MoreIncidentsThanMaxParallel_RunsAtMostMaxParallelAtOnce()
    {
        using var work = Work(maxParallel: 3);
        var gate = new TaskCompletionSource();
        var running = 0;
        var peak = 0;
        var finished = new CountdownEvent(10);
        for (var i = 0; i < 10; i++)
        {
            work.Enqueue($"inc-{i}", $"diagnose {i}", async _ =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await gate.Task;
                Interlocked.Decrement(ref running);
                finished.Signal();
            });
        }

        await WaitUntilAsync(() => Volatile.Read(ref running) == 3);
        await Task.Delay(100); // time for a fourth to start, were the bound not kept
        var whileBlocked = Volatile.Read(ref running);
        gate.SetResult();

        Assert.True(await Task.Run(() => finished.Wait(Patience)));
        Assert.Equal(3, whileBlocked);
        Assert.Equal(3, peak);
        Assert.Equal(0, work.Pending);
    }

    [Fact]
    public async Task Enqueue_JobFails_LogsItAndRunsTheNext()
    {
        using var work = Work();
        var next = new TaskCompletionSource();
        work.Enqueue("inc-1", "a job that throws", _ => throw new InvalidDataException("boom"));
        work.Enqueue("inc-1", "the next job", _ => { next.SetResult(); return Task.CompletedTask; });

        await next.Task.WaitAsync(Patience);
        Assert.Contains(_logs.Lines, l => l.Contains("background work failed: a job that throws", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopAsync_WithQueuedAndRunningWork_FinishesAllOfItUncancelledBeforeReturning()
    {
        using var work = Work(maxParallel: 1);
        var release = new TaskCompletionSource();
        var completed = new List<string>();
        var cancelled = false;
        work.Enqueue("inc-1", "running", async ct => { await release.Task; cancelled |= ct.IsCancellationRequested; lock (completed) { completed.Add("running"); } });
        work.Enqueue("inc-1", "queued behind it", ct => { cancelled |= ct.IsCancellationRequested; lock (completed) { completed.Add("same incident"); } return Task.CompletedTask; });
        work.Enqueue("inc-2", "queued for a slot", ct => { cancelled |= ct.IsCancellationRequested; lock (completed) { completed.Add("other incident"); } return Task.CompletedTask; });

        using var timeout = new CancellationTokenSource(Patience);
        var stopping = work.StopAsync(timeout.Token);
        await Task.Delay(50);
        var stoppedEarly = stopping.IsCompleted;
        release.SetResult();
        await stopping;

        Assert.False(stoppedEarly);
        Assert.Equal(["other incident", "running", "same incident"], completed.Order());
        Assert.False(cancelled);
        Assert.Equal(0, work.Pending);
    }

    [Fact]
    public async Task StopAsync_TimeoutFiresFirst_CancelsTheRunningJobAndNamesWhatDidNotFinish()
    {
        using var work = Work(maxParallel: 1);
        var started = new TaskCompletionSource();
        var sawCancellation = new TaskCompletionSource();
        var ranQueued = false;
        work.Enqueue("inc-1", "execute inc-1 p1", async ct =>
        {
            try
            {
                started.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                sawCancellation.SetResult();
            }
        });
        // Lanes race for the one slot; queue the second only once the first holds it, so the test is about the timeout.
        await started.Task.WaitAsync(Patience);
        work.Enqueue("inc-2", "diagnose inc-2", _ => { ranQueued = true; return Task.CompletedTask; });

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await work.StopAsync(timeout.Token).WaitAsync(Patience);
        await sawCancellation.Task.WaitAsync(Patience);

        var warning = Assert.Single(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains("2 job(s) did not finish", warning);
        Assert.Contains("execute inc-1 p1 (interrupted)", warning);
        Assert.Contains("diagnose inc-2 (not started)", warning);
        Assert.False(ranQueued);
    }

    [Fact]
    public async Task Enqueue_AfterStopBegan_IsRefused()
    {
        using var work = Work();
        await work.StopAsync(CancellationToken.None);

        Assert.False(work.Accepting);
        Assert.Throws<InvalidOperationException>(() => work.Enqueue("inc-1", "late", _ => Task.CompletedTask));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition(), "condition not reached");
    }
}
