namespace Notifier.Core.Storage;

/// <summary>
/// Bounds how many storage calls the publish pipeline has open at once on this instance, and shares them fairly: when
/// calls wait, the next free slot goes to the publisher whose turn it is (round robin), and within one publisher to
/// the notification that started first.
/// </summary>
/// <remarks>
/// Without a bound, each notification's fan-out ran its own 16 appends, so 16 publishers kept up to 256 requests open:
/// each waited behind all the others at the storage service, and a large fan-out delayed everyone's small ones. With
/// one bound the queue is here, where it can be ordered: a publisher's single-recipient notification waits for one turn,
/// not for another publisher's thousand appends, and a notification's appends finish together rather than interleaved
/// with every later notification's.
/// </remarks>
public sealed class StorageCallLimiter
{
    private readonly Lock _lock = new();
    private readonly int _limit;
    private readonly Dictionary<string, PriorityQueue<TaskCompletionSource, long>> _waiting = new(StringComparer.Ordinal);
    private readonly Queue<string> _turns = new();
    private int _inUse;

    /// <summary>Creates a limiter.</summary>
    /// <param name="limit">The most calls open at once.</param>
    public StorageCallLimiter(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
    }

    /// <summary>Waits for a free slot.</summary>
    /// <param name="publisher">Whose call it is; slots go round the publishers that wait.</param>
    /// <param name="startedAt">When the notification it is for started (<see cref="TimeProvider.GetTimestamp"/>); earlier goes first within a publisher.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The slot; dispose it when the call is done.</returns>
    public async ValueTask<Slot> AcquireAsync(string publisher, long startedAt, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_inUse < _limit && _turns.Count == 0)
            {
                _inUse++;
                return new Slot(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_waiting.TryGetValue(publisher, out var queue))
            {
                queue = new PriorityQueue<TaskCompletionSource, long>();
                _waiting[publisher] = queue;
            }

            if (queue.Count == 0)
            {
                _turns.Enqueue(publisher);
            }

            queue.Enqueue(waiter, startedAt);
        }

        // A cancelled waiter stays queued; the slot skips it when its turn comes.
        using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), waiter))
        {
            await waiter.Task.ConfigureAwait(false);
        }

        return new Slot(this);
    }

    private void Release()
    {
        lock (_lock)
        {
            while (_turns.TryDequeue(out var publisher))
            {
                var queue = _waiting[publisher];
                var next = queue.Dequeue();
                if (queue.Count > 0)
                {
                    _turns.Enqueue(publisher);
                }
                else
                {
                    _waiting.Remove(publisher);
                }

                // The slot passes to the waiter as it is; a cancelled one cannot take it.
                if (next.TrySetResult())
                {
                    return;
                }
            }

            _inUse--;
        }
    }

    /// <summary>A slot held for one storage call.</summary>
    public readonly struct Slot : IDisposable
    {
        private readonly StorageCallLimiter? _owner;

        internal Slot(StorageCallLimiter owner) => _owner = owner;

        /// <summary>Frees the slot for the next waiter.</summary>
        public void Dispose() => _owner?.Release();
    }
}
