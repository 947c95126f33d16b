using System.Collections.Concurrent;
using Azure;

namespace Notifier.Functions.Storage;

/// <summary>
/// The last known head (sequence and ETag) of inbox and stream partitions this instance wrote. An append can then
/// skip reading the head: if another writer moved it meanwhile, the ETag fails the transaction and the append reads
/// it after all. Correctness never depends on the cache, only the number of round trips does.
/// </summary>
internal sealed class HeadCache
{
    // Bounded crudely: a full cache is emptied, which costs one extra read per partition afterwards.
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<(string Table, string Partition), (long Sequence, ETag ETag)> _heads = new();

    public bool TryGet(string table, string partition, out long sequence, out ETag etag)
    {
        if (_heads.TryGetValue((table, partition), out var head))
        {
            (sequence, etag) = head;
            return true;
        }

        (sequence, etag) = (0, default);
        return false;
    }

    public void Set(string table, string partition, long sequence, ETag? etag)
    {
        if (etag is not { } value)
        {
            Remove(table, partition);
            return;
        }

        if (_heads.Count >= Capacity)
        {
            _heads.Clear();
        }

        _heads[(table, partition)] = (sequence, value);
    }

    public void Remove(string table, string partition) => _heads.TryRemove((table, partition), out _);
}
