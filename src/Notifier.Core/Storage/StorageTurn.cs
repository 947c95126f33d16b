namespace Notifier.Core.Storage;

/// <summary>
/// Whose storage call it is, for a store that takes its <see cref="StorageCallLimiter"/> slot itself: the publisher,
/// and when the notification the call is for started. A store that makes one write for several callers (a group
/// commit) takes one slot for it, and a caller that waits for another's write holds none meanwhile.
/// </summary>
/// <param name="Limiter">The bound the slot is taken from.</param>
/// <param name="Publisher">Whose call it is; slots go round the publishers that wait.</param>
/// <param name="StartedAt">When the notification started (<see cref="TimeProvider.GetTimestamp"/>); earlier goes first within a publisher.</param>
public readonly record struct StorageTurn(StorageCallLimiter Limiter, string Publisher, long StartedAt)
{
    /// <summary>Waits for a free slot in this turn.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The slot; dispose it when the call is done.</returns>
    public ValueTask<StorageCallLimiter.Slot> AcquireAsync(CancellationToken cancellationToken) =>
        Limiter.AcquireAsync(Publisher, StartedAt, cancellationToken);

    /// <summary>Waits for a slot in <paramref name="turn"/>, or takes none when there is no turn (a caller outside the publish pipeline).</summary>
    /// <param name="turn">The turn, if any.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The slot, or one that frees nothing.</returns>
    public static ValueTask<StorageCallLimiter.Slot> AcquireAsync(StorageTurn? turn, CancellationToken cancellationToken) =>
        turn is { } taken ? taken.AcquireAsync(cancellationToken) : default;
}
