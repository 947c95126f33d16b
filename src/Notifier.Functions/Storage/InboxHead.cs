using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Notifier.Core.Preferences;

namespace Notifier.Functions.Storage;

/// <summary>
/// The head row of a user's inbox: everything about the inbox that changes with its entries, so that one conditional
/// write (under this row's ETag, in the same entity-group transaction as the entries it changes) keeps all of it exact
/// for the entries up to its <see cref="Sequence"/>. Appends do not write it: their entries, the tail, are folded in by
/// the next write.
/// </summary>
internal sealed record InboxHead
{
    public static InboxHead Empty { get; } = new();

    /// <summary>Gets the ETag the head was read or written with; <see langword="null"/> when the row does not exist yet.</summary>
    public ETag? ETag { get; init; }

    /// <summary>Gets the sequence up to which entries are folded in (counted, and indexed); the tail's entries come after it, densely.</summary>
    public long Sequence { get; init; }

    /// <summary>Gets the position up to which each shared stream has been merged.</summary>
    public IReadOnlyDictionary<string, long> Positions { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Gets the streams the user was last seen reading, which an append to the inbox merges first.</summary>
    public IReadOnlyList<string> Streams { get; init; } = [];

    /// <summary>Gets the number of entries neither read, archived nor muted; <see langword="null"/> on a head written before the counter existed.</summary>
    public int? Unread { get; init; }

    /// <summary>Gets a time no counted entry expires before; <see langword="null"/> when none is counted.</summary>
    public DateTimeOffset? NextExpiry { get; init; }

    /// <summary>Gets what the user muted.</summary>
    public UserPreferences Preferences { get; init; } = UserPreferences.None;

    public static InboxHead From(TableEntity row) => new()
    {
        ETag = row.ETag,
        Sequence = row.GetInt64("Sequence") ?? 0,
        Positions = ReadPositions(row.GetString("Merged")),
        Streams = ReadList(row.GetString("Streams")),
        Unread = row.GetInt32("Unread"),
        NextExpiry = row.GetDateTimeOffset("NextExpiry"),
        Preferences = new UserPreferences(ReadList(row.GetString("MutedTypes")), ReadList(row.GetString("MutedGroups"))),
    };

    /// <summary>The whole row, written with Replace: a property left out (no <see cref="NextExpiry"/>) is removed.</summary>
    public TableEntity ToEntity(string partition)
    {
        var row = new TableEntity(partition, TableInboxStore.HeadKey(partition))
        {
            ["Sequence"] = Sequence,
            ["Merged"] = JsonSerializer.Serialize(new Dictionary<string, long>(Positions, StringComparer.Ordinal), StorageJsonContext.Default.DictionaryStringInt64),
            ["Streams"] = WriteList(Streams),
            ["Unread"] = Unread ?? 0,
            ["MutedTypes"] = WriteList(Preferences.MutedTypes),
            ["MutedGroups"] = WriteList(Preferences.MutedGroups),
        };
        if (NextExpiry is { } next)
        {
            row["NextExpiry"] = next;
        }

        return row;
    }

    /// <summary>Whether an entry with these flags counts as unread.</summary>
    public static bool Counts(TableEntity entry) =>
        entry.GetBoolean("Read") != true && entry.GetBoolean("Archived") != true && entry.GetBoolean("Muted") != true && !TableInboxStore.IsTombstone(entry);

    /// <summary>This head with one more counted entry.</summary>
    public InboxHead Counting(DateTimeOffset expiresAt) => this with
    {
        Unread = (Unread ?? 0) + 1,
        NextExpiry = NextExpiry is { } next && next <= expiresAt ? next : expiresAt,
    };

    private static Dictionary<string, long> ReadPositions(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : new Dictionary<string, long>(JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringInt64)!, StringComparer.Ordinal);

    private static string[] ReadList(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, StorageJsonContext.Default.StringArray) ?? [];

    private static string WriteList(IReadOnlyList<string> values) =>
        JsonSerializer.Serialize(values as string[] ?? [.. values], StorageJsonContext.Default.StringArray);
}
