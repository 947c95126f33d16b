using System.Collections.Concurrent;

namespace Notifier.Functions.Storage;

/// <summary>
/// The last known head of the inbox or stream partitions this instance wrote, so that an append can skip reading it. A
/// stream's head carries its ETag: if another writer moved it meanwhile, the ETag fails the transaction and the append
/// reads it after all. An inbox's is what its appends decide mutes by, for <see cref="InboxOptions.HeadLifetime"/>; the
/// sequence they claim is checked by the entry's insert.
/// </summary>
/// <typeparam name="THead">What a head holds.</typeparam>
internal sealed class HeadCache<THead>
{
    // Bounded crudely: a full cache is emptied, which costs one extra read per partition afterwards.
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<string, THead> _heads = new(StringComparer.Ordinal);

    public bool TryGet(string partition, out THead head) => _heads.TryGetValue(partition, out head!);

    public void Set(string partition, THead head)
    {
        if (_heads.Count >= Capacity)
        {
            _heads.Clear();
        }

        _heads[partition] = head;
    }

    public void Remove(string partition) => _heads.TryRemove(partition, out _);

    /// <summary>
    /// Changes the head known for a partition, if one is: what a write learned is added to what is known now, not to the
    /// copy the write started from (a read may have replaced it, or a change of preferences removed it, meanwhile).
    /// </summary>
    public void Update<TArg>(string partition, Func<THead, TArg, THead> update, TArg argument)
    {
        ArgumentNullException.ThrowIfNull(update);
        while (_heads.TryGetValue(partition, out var current))
        {
            if (_heads.TryUpdate(partition, update(current, argument), current))
            {
                return;
            }
        }
    }
}
