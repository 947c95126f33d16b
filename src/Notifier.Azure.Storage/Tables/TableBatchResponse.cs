using System.Globalization;
using System.Text;
using Azure;
using Notifier.Azure.Storage.Core;

namespace Notifier.Azure.Storage.Tables;

/// <summary>Reads the <c>multipart/mixed</c> answer of a <c>$batch</c> request.</summary>
/// <remarks>
/// A successful changeset answers every operation in order. A failed one answers with a single part carrying the
/// failing status and an OData error whose message starts with the zero-based index of the failed operation
/// (<c>"1:The specified entity already exists..."</c>). Azurite also numbers the failing part with a 1-based Content-ID
/// of its own (this client sends none), which is the fallback when the message has no index.
/// </remarks>
internal static class TableBatchResponse
{
    public static IReadOnlyList<TableBatchOperationResult> Read(TableBatch batch, BinaryData content)
    {
        var parts = Split(content.ToString());
        foreach (var part in parts)
        {
            if (part.Status >= 400)
            {
                throw CreateException(batch, part);
            }
        }

        if (parts.Count != batch.Count)
        {
            throw new RequestFailedException(
                $"The batch response holds {parts.Count} operation results for {batch.Count} operations.");
        }

        var results = new TableBatchOperationResult[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            results[i] = new TableBatchOperationResult(parts[i].Status, parts[i].ETag is { } etag ? new ETag(etag) : null);
        }

        return results;
    }

    private static TableBatchFailedException CreateException(TableBatch batch, Part part)
    {
        var (code, message) = part.Body.Length == 0
            ? (null, null)
            : StorageErrorParser.ReadBody(BinaryData.FromString(part.Body));
        int? index = null;
        if (message is not null)
        {
            var colon = message.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && int.TryParse(message.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                index = parsed;
                message = message[(colon + 1)..];
            }
        }

        if (index is null && part.ContentId is { } contentId
            && int.TryParse(contentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            index = id - 1;
        }

        var operation = index is >= 0 && index < batch.Count ? batch.Operations[index.Value] : null;
        var where = operation is null
            ? "an unknown operation"
            : string.Create(CultureInfo.InvariantCulture, $"operation {index} ({operation.Kind} RowKey '{operation.RowKey}')");
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"The batch was rejected at {where}: {part.Status} {code}. Nothing in the batch was applied. {message?.Trim()}");
        return new TableBatchFailedException(part.Status, code, text, index, operation);
    }

    private static List<Part> Split(string text)
    {
        var parts = new List<Part>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (!line.StartsWith("HTTP/1.", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line.Split(' ', 3);
            var status = fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            string? etag = null;
            string? contentId = null;
            for (i++; i < lines.Length; i++)
            {
                var header = lines[i].TrimEnd('\r');
                if (header.Length == 0)
                {
                    break;
                }

                var colon = header.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                var name = header.AsSpan(0, colon).Trim();
                var value = header[(colon + 1)..].Trim();
                if (name.Equals("ETag", StringComparison.OrdinalIgnoreCase))
                {
                    etag = value;
                }
                else if (name.Equals("Content-ID", StringComparison.OrdinalIgnoreCase))
                {
                    contentId = value;
                }
            }

            var body = new StringBuilder();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                body.Append(lines[i].TrimEnd('\r'));
            }

            i--;
            parts.Add(new Part(status, etag, contentId, body.ToString().Trim()));
        }

        return parts;
    }

    private sealed record Part(int Status, string? ETag, string? ContentId, string Body);
}
