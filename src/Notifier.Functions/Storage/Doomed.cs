using Azure;
using Azure.Data.Tables;

namespace Notifier.Functions.Storage;

/// <summary>A row the clean-up ends: deleted, or replaced by <paramref name="Tombstone"/> when it is an entry that ends now.</summary>
/// <param name="ETag">The row's ETag as read, or <see cref="ETag.All"/>.</param>
/// <param name="Counted">Whether the unread counter counts it.</param>
/// <param name="Tombstone">What replaces an entry, or <see langword="null"/> to delete the row.</param>
internal readonly record struct Doomed(ETag ETag, bool Counted, TableEntity? Tombstone);
