using Notifier.Core.Storage;

namespace Notifier.Core.Inbox;

/// <summary>
/// Per-user inboxes with gap-free sequences, and shared streams that group and broadcast notifications are stored in
/// once. A user's inbox merges the streams they may read before every read, so their sequence stays one dense list.
/// </summary>
public interface IInboxStore
{
    /// <summary>
    /// Appends a notification to a user's inbox, after merging what the streams the user was last seen reading hold
    /// for them, so the user's sequence follows publication order. Appending the same notification again changes nothing.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="entry">The entry.</param>
    /// <param name="turn">Whose storage call it is: the store takes a slot of the bound for each write it makes, and none while the append waits for another's write to the same inbox; <see langword="null"/> takes none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry's sequence in the user's inbox, and whether the user's preferences muted it.</returns>
    Task<InboxAppend> AppendAsync(string userId, InboxEntry entry, StorageTurn? turn, CancellationToken cancellationToken);

    /// <summary>
    /// Appends several notifications to a user's inbox in their order, as <see cref="AppendAsync"/> does one, in one
    /// write: as many as that write holds after the merge of the user's streams, at least the first. Call again with the
    /// rest. Each entry is idempotent on its own: one appended before returns its first sequence.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="entries">The entries, at least one.</param>
    /// <param name="turn">Whose storage call it is, as for <see cref="AppendAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Where each entry of the appended prefix landed, in the order of <paramref name="entries"/>.</returns>
    Task<IReadOnlyList<InboxAppend>> AppendManyAsync(string userId, IReadOnlyList<InboxEntry> entries, StorageTurn? turn, CancellationToken cancellationToken);

    /// <summary>Whether the user's inbox holds (or held, before a delete) a notification; reads nothing else.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="notificationId">The notification.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether an append of it committed.</returns>
    Task<bool> HoldsAsync(string userId, string notificationId, CancellationToken cancellationToken);

    /// <summary>Appends a notification to a shared stream. Appending the same notification again changes nothing.</summary>
    /// <param name="stream">The stream (see <see cref="Notifications.StreamNames"/>).</param>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry's sequence in the stream.</returns>
    Task<long> AppendToStreamAsync(string stream, InboxEntry entry, CancellationToken cancellationToken);

    /// <summary>Merges new stream entries into the user's inbox, then reads a page.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="streams">The shared streams the user may read.</param>
    /// <param name="query">The page.</param>
    /// <param name="now">Entries that expired before this are left out.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<InboxPage> ReadAsync(string userId, IReadOnlyCollection<string> streams, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Finds the given notifications in the user's inbox, after merging its streams.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="streams">The shared streams the user may read.</param>
    /// <param name="notificationIds">The ids; ids not in the inbox are left out of the result.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries found.</returns>
    Task<IReadOnlyList<InboxEntry>> FindAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string> notificationIds, CancellationToken cancellationToken);

    /// <summary>Changes entries of the user's inbox, after merging its streams: read, unread, archived, back in the inbox, or deleted.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="streams">The shared streams the user may read.</param>
    /// <param name="notificationIds">The ids, or <see langword="null"/> for every entry the change applies to.</param>
    /// <param name="change">The change.</param>
    /// <param name="at">When (the read or archive time).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries this call changed, as they were before it (not those already in that state, nor ids not in the inbox).</returns>
    Task<IReadOnlyList<InboxEntry>> ChangeAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string>? notificationIds, InboxChange change, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Counts unread, unexpired entries in the inbox (not archived, not muted) after merging the user's streams, from a maintained counter.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="streams">The shared streams the user may read.</param>
    /// <param name="now">Entries that expired before this are not counted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    Task<int> CountUnreadAsync(string userId, IReadOnlyCollection<string> streams, DateTimeOffset now, CancellationToken cancellationToken);
}
