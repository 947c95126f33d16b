using System.Globalization;

namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>
/// The event ids one endpoint has seen recently, keyed by connection and <c>ce-id</c> (the emulator numbers events per
/// connection, so an id alone is not unique). Each entry holds the event's fingerprint and, once the first delivery
/// is answered, that answer, so a repeat of the same event gets the same answer without running the handler twice.
/// </summary>
/// <remarks>
/// Bounded in both time and count: entries are forgotten when they expire, and the oldest first when the count passes
/// the capacity. Entries are added in time order with one lifetime, so the insertion queue is also the expiry order.
/// A lock rather than a concurrent dictionary: the work under it is a few pointer moves, and it keeps the dictionary
/// and the queue consistent.
/// </remarks>
internal sealed class EventIdCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RememberedEvent> _events = new(StringComparer.Ordinal);
    private readonly Queue<RememberedEvent> _order = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>The key of an event: length-prefixed, so that no two (connection, id) pairs share one.</summary>
    public static string KeyOf(string connectionId, string eventId) =>
        string.Create(CultureInfo.InvariantCulture, $"{connectionId.Length}:{connectionId}{eventId}");

    public EventIdClaim Claim(string key, UInt128 fingerprint, DateTimeOffset now, TimeSpan lifetime, int capacity)
    {
        lock (_lock)
        {
            Trim(now, capacity - 1);
            if (_events.TryGetValue(key, out var existing))
            {
                return existing.Fingerprint == fingerprint
                    ? new EventIdClaim(EventIdClaimOutcome.Repeat, existing)
                    : new EventIdClaim(EventIdClaimOutcome.Conflict, null);
            }

            var entry = new RememberedEvent(key, fingerprint, now + lifetime);
            _events.Add(key, entry);
            _order.Enqueue(entry);
            return new EventIdClaim(EventIdClaimOutcome.First, entry);
        }
    }

    /// <summary>
    /// Completes the first delivery of <paramref name="entry"/>. A null answer forgets the id, so that the service's
    /// retry of a failed or aborted delivery runs the handler again.
    /// </summary>
    public void Complete(RememberedEvent entry, EventAnswer? answer)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (answer is null)
        {
            lock (_lock)
            {
                if (_events.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry))
                {
                    _events.Remove(entry.Key);
                }
            }
        }

        entry.Complete(answer);
    }

    private void Trim(DateTimeOffset now, int keep)
    {
        // Forgotten entries stay queued until they reach the front; the second bound keeps that backlog finite.
        while (_order.TryPeek(out var oldest)
            && (oldest.RememberUntil <= now || _events.Count > keep || _order.Count > 2 * (keep + 1) || !IsCurrent(oldest)))
        {
            _order.Dequeue();
            if (IsCurrent(oldest))
            {
                _events.Remove(oldest.Key);
            }
        }
    }

    private bool IsCurrent(RememberedEvent entry) => _events.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry);
}
