namespace Notifier.Azure.Storage.Tables;

/// <summary>
/// Packs the service's <c>NextPartitionKey</c>/<c>NextRowKey</c> pair into the single opaque string that
/// <c>Page&lt;T&gt;.ContinuationToken</c> carries, and unpacks it again.
/// </summary>
internal static class TableContinuationToken
{
    // Escaped values never contain a space, so a space separates them unambiguously.
    private const char Separator = ' ';

    public static string? Format(string? nextPartitionKey, string? nextRowKey) =>
        string.IsNullOrEmpty(nextPartitionKey)
            ? null
            : Uri.EscapeDataString(nextPartitionKey) + Separator + Uri.EscapeDataString(nextRowKey ?? string.Empty);

    public static (string NextPartitionKey, string? NextRowKey) Parse(string token)
    {
        var separator = token.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new ArgumentException("The continuation token was not produced by this client.", nameof(token));
        }

        var rowKey = Uri.UnescapeDataString(token[(separator + 1)..]);
        return (Uri.UnescapeDataString(token[..separator]), rowKey.Length == 0 ? null : rowKey);
    }
}
