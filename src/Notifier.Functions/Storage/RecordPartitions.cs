namespace Notifier.Functions.Storage;

/// <summary>
/// Which partition of the <c>Notifications</c> table holds a notification's rows: one of 16, chosen by a hash of the id.
/// </summary>
/// <remarks>
/// The record and its pending-delivery marker must share a partition to be written in one transaction, and the markers
/// must be findable without scanning every record: a fixed set of partitions gives both (a marker range per partition).
/// Sixteen partitions keep each well under a partition's 2,000 entities/s on Azure at the rates one account serves.
/// The hash is FNV-1a over the id's characters, stable across processes (string.GetHashCode is not): changing it, or
/// the count, would lose every stored record.
/// </remarks>
internal static class RecordPartitions
{
    public const int Count = 16;

    private static readonly string[] s_names = Enumerable.Range(0, Count).Select(i => "r" + i.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static IReadOnlyList<string> All => s_names;

    public static string Of(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return s_names[hash % Count];
    }
}
