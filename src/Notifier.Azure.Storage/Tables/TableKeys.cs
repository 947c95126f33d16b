using System.Text;

namespace Notifier.Azure.Storage.Tables;

/// <summary>Validates entity keys and table names and formats keys for entity URIs.</summary>
internal static class TableKeys
{
    /// <summary>Rejects characters the Table service forbids in PartitionKey/RowKey.</summary>
    public static void Validate(string? key, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException(
                    $"Table keys may not contain '/', '\\', '#', '?' or control characters; '{paramName}' contains U+{(int)c:X4}.",
                    paramName);
            }
        }
    }

    /// <summary>Table names: 3-63 alphanumerics starting with a letter (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model).</summary>
    public static void ValidateTableName(string tableName, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName, paramName);
        var valid = tableName.Length is >= 3 and <= 63 && char.IsAsciiLetter(tableName[0]);
        foreach (var c in tableName)
        {
            valid &= char.IsAsciiLetterOrDigit(c);
        }

        if (!valid)
        {
            throw new ArgumentException(
                $"'{tableName}' is not a valid table name: use 3-63 letters or digits, starting with a letter.", paramName);
        }
    }

    /// <summary>
    /// Appends <c>(PartitionKey='pk',RowKey='rk')</c> with each key's quotes doubled and then percent-encoded,
    /// ready to go into the URI path unchanged.
    /// </summary>
    public static void AppendEntityAddress(StringBuilder builder, string partitionKey, string rowKey) =>
        builder.Append("(PartitionKey='").Append(EscapeKey(partitionKey))
            .Append("',RowKey='").Append(EscapeKey(rowKey)).Append("')");

    public static string EscapeKey(string key) =>
        Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));
}
