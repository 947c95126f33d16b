using Notifier.Core.Storage;

namespace Notifier.Core.Tests.Storage;

public class StorageCallLimiterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Never_more_than_the_limit_are_open_at_once()
    {
        var limiter = new StorageCallLimiter(3);
        var open = 0;
        var most = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (i, ct) =>
        {
            using var slot = await limiter.AcquireAsync("p" + (i % 4), i, ct);
            var now = Interlocked.Increment(ref open);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Decrement(ref open);
        });

        Assert.InRange(most, 1, 3);
    }

    [Fact]
    public async Task Waiting_publishers_take_turns_and_each_serves_its_earliest_notification_first()
    {
        var limiter = new StorageCallLimiter(1);
        var held = await limiter.AcquireAsync("busy", 0, CancellationToken.None);
        var order = new List<string>();

        // "busy" queues five calls before "quiet" queues its one; "busy" queues its later notification first.
        var waits = new List<Task>();
        foreach (var (publisher, startedAt, name) in new[] { ("busy", 9L, "busy-late"), ("busy", 1L, "busy-1"), ("busy", 2L, "busy-2"), ("busy", 3L, "busy-3"), ("quiet", 5L, "quiet") })
        {
            var acquire = limiter.AcquireAsync(publisher, startedAt, CancellationToken.None).AsTask();
            waits.Add(acquire.ContinueWith(
                t =>
                {
                    lock (order)
                    {
                        order.Add(name);
                    }

                    t.Result.Dispose();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default));
        }

        held.Dispose();
        await Task.WhenAll(waits).WaitAsync(Timeout);

        // "busy" queued first, so it has the first turn (its earliest notification), then "quiet", then "busy" again.
        Assert.Equal(["busy-1", "quiet", "busy-2", "busy-3", "busy-late"], order);
    }

    [Fact]
    public async Task A_cancelled_waiter_gives_its_turn_to_the_next()
    {
        var limiter = new StorageCallLimiter(1);
        var held = await limiter.AcquireAsync("a", 0, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync("a", 1, cancel.Token).AsTask();
        var next = limiter.AcquireAsync("b", 2, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        Assert.False(next.IsCompleted);

        held.Dispose();
        (await next.WaitAsync(Timeout)).Dispose();

        // The slot came back: a new caller gets it at once.
        var again = limiter.AcquireAsync("c", 3, CancellationToken.None);
        Assert.True(again.IsCompleted);
        (await again).Dispose();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
