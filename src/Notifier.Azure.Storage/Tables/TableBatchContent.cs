using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Notifier.Azure.Storage.Tables;

/// <summary>
/// Writes the <c>multipart/mixed</c> body of a <c>$batch</c> request: one changeset holding one
/// <c>application/http</c> part per operation.
/// </summary>
/// <remarks>Layout per https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions.</remarks>
internal static class TableBatchContent
{
    private const string NewLine = "\r\n";

    /// <summary>Builds the body; <paramref name="tableUri"/> is the absolute table URI without a trailing slash.</summary>
    public static ReadOnlyMemory<byte> Write(TableBatch batch, string tableUri, string batchBoundary, string changesetBoundary)
    {
        var buffer = new ArrayBufferWriter<byte>(512 * (batch.Count + 1));
        using var json = new Utf8JsonWriter(buffer);

        Ascii(buffer, $"--{batchBoundary}{NewLine}Content-Type: multipart/mixed; boundary={changesetBoundary}{NewLine}{NewLine}");
        var head = new StringBuilder(512);
        foreach (var operation in batch.Operations)
        {
            head.Clear()
                .Append("--").Append(changesetBoundary).Append(NewLine)
                .Append("Content-Type: application/http").Append(NewLine)
                .Append("Content-Transfer-Encoding: binary").Append(NewLine)
                .Append(NewLine)
                .Append(Method(operation.Kind)).Append(' ').Append(tableUri);
            if (operation.Kind != TableBatchOperationKind.Add)
            {
                TableKeys.AppendEntityAddress(head, operation.PartitionKey, operation.RowKey);
            }

            head.Append(" HTTP/1.1").Append(NewLine)
                .Append("Accept: application/json;odata=minimalmetadata").Append(NewLine)
                .Append("DataServiceVersion: 3.0;").Append(NewLine);
            if (operation.Entity is not null)
            {
                head.Append("Content-Type: application/json").Append(NewLine);
            }

            if (operation.Kind == TableBatchOperationKind.Add)
            {
                head.Append("Prefer: return-no-content").Append(NewLine);
            }

            if (operation.Kind is TableBatchOperationKind.UpdateMerge or TableBatchOperationKind.UpdateReplace or TableBatchOperationKind.Delete)
            {
                head.Append("If-Match: ").Append(operation.IfMatch.ToString("H")).Append(NewLine);
            }

            head.Append(NewLine);
            Ascii(buffer, head.ToString());
            if (operation.Entity is not null)
            {
                // The entity JSON must stay on one line: Azurite finds sub-request bodies with a single-line match.
                json.Reset();
                TableEntityJson.Write(json, operation.Entity);
                json.Flush();
                Ascii(buffer, NewLine);
            }
        }

        Ascii(buffer, $"--{changesetBoundary}--{NewLine}--{batchBoundary}--{NewLine}");
        return buffer.WrittenMemory;
    }

    internal static string Method(TableBatchOperationKind kind) => kind switch
    {
        TableBatchOperationKind.Add => "POST",
        TableBatchOperationKind.UpsertReplace or TableBatchOperationKind.UpdateReplace => "PUT",
        TableBatchOperationKind.UpsertMerge or TableBatchOperationKind.UpdateMerge => "MERGE",
        TableBatchOperationKind.Delete => "DELETE",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void Ascii(ArrayBufferWriter<byte> buffer, string text)
    {
        // Header text is ASCII except for percent-encoded keys, which are ASCII too; UTF-8 covers both.
        var count = Encoding.UTF8.GetBytes(text, buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        buffer.Advance(count);
    }
}
