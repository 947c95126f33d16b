using Azure;
using Azure.Data.Tables;
using Notifier.Core.Notifications;

namespace Notifier.Functions.Storage;

/// <summary>
/// Notification records in the <c>Notifications</c> table, in one of <see cref="RecordPartitions"/> by id: row
/// <c>record:{id}</c> holds the notification, <c>pending|{id}</c> marks a single user's notification whose delivery
/// (inbox append and push, after the publish is answered) has not been confirmed yet, and <c>delivery|{id}|{user}</c>
/// holds a recipient's delivery and read times.
/// </summary>
internal sealed class TableNotificationRecords : INotificationRecords
{
    // The record's row key names the notification: Azurite finds entities by row key first, so a constant "record"
    // in every partition made each lookup scan every notification.
    private const string RecordPrefix = "record:";

    // '|' cannot appear in an id, so "delivery|{id}|" never prefixes another id's rows, and '}' sorts right after it.
    private const string PendingPrefix = "pending|";
    private const string DeliveryPrefix = "delivery|";
    private const int MaxTransactionActions = 100;
    private static readonly string[] DeliverySelect = ["DeliveredAt", "ReadAt"];
    private static readonly string[] PendingSelect = ["RowKey"];
    private readonly NotifierTables _tables;

    public TableNotificationRecords(NotifierTables tables)
    {
        _tables = tables;
    }

    public async Task<NotificationRecord?> TryAddAsync(NotificationRecord record, bool pendingDelivery, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        var partition = RecordPartitions.Of(record.Id);
        var entity = new TableEntity(partition, RecordPrefix + record.Id)
        {
            ["Fingerprint"] = record.Fingerprint,
            ["Publisher"] = record.Publisher,
            ["Receipt"] = record.Receipt,
            ["Type"] = record.Type,
            ["Critical"] = record.Critical,
            ["CreatedAt"] = record.CreatedAt,
            ["ExpiresAt"] = record.ExpiresAt,
            ["Payload"] = new BinaryData(record.Payload),
            ["State"] = record.State.ToString(),
        };
        if (record.Sender is not null)
        {
            // Tables have no null: an absent property reads back as null.
            entity["Sender"] = record.Sender;
        }

        RecipientsCodec.Write(entity, record.To);
        try
        {
            if (pendingDelivery)
            {
                // One round trip: the marker is what finds the notification again if this process dies before delivering it.
                var marker = new TableEntity(partition, PendingPrefix + record.Id) { ["Due"] = record.CreatedAt };
                await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, entity), new(TableTransactionActionType.Add, marker)], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await GetAsync(record.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Notification '{record.Id}' was reported to exist but could not be read.", ex);
        }
    }

    public async Task SetStateAsync(string id, NotificationState state, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(RecordPartitions.Of(id), RecordPrefix + id) { ["State"] = state.ToString() }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async Task<NotificationRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(RecordPartitions.Of(id), RecordPrefix + id, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return null;
        }

        var entity = response.Value!;
        return new NotificationRecord
        {
            Id = id,
            Fingerprint = entity.GetString("Fingerprint") ?? string.Empty,
            To = RecipientsCodec.Read(entity),
            Publisher = entity.GetString("Publisher") ?? string.Empty,
            Sender = entity.GetString("Sender"),
            Receipt = entity.GetBoolean("Receipt") ?? false,

            // Records written before types were kept have none: they count as the parser's default type.
            Type = entity.GetString("Type") ?? "notification",
            Critical = entity.GetBoolean("Critical") ?? false,
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
            ExpiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? default,
            Payload = entity.GetBinary("Payload") ?? [],
            State = Enum.TryParse<NotificationState>(entity.GetString("State"), out var state) ? state : NotificationState.Accepted,
        };
    }

    public async Task RecordDeliveryAsync(string id, string userId, DateTimeOffset at, bool read, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(RecordPartitions.Of(id), DeliveryPrefix + id + "|" + userId) { [read ? "ReadAt" : "DeliveredAt"] = at };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeliveryCounts> CountDeliveriesAsync(string id, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RecordPartitions.Of(id)} and RowKey gt {DeliveryPrefix + id + "|"} and RowKey lt {DeliveryPrefix + id + "}"}");
        int delivered = 0, read = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: DeliverySelect, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var isRead = row.ContainsKey("ReadAt") && row["ReadAt"] is not null;
            read += isRead ? 1 : 0;
            delivered += isRead || (row.ContainsKey("DeliveredAt") && row["DeliveredAt"] is not null) ? 1 : 0;
        }

        return new DeliveryCounts(delivered, read);
    }

    public async Task<IReadOnlyList<string>> FindPendingAsync(DateTimeOffset dueBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        var found = new List<string>();

        // A range per partition: only undelivered notifications have a marker, so each range is short.
        foreach (var partition in RecordPartitions.All)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {PendingPrefix} and RowKey lt {"pending}"} and Due le {dueBefore}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, MaxTransactionActions, PendingSelect, cancellationToken).ConfigureAwait(false))
            {
                found.Add(row.RowKey[PendingPrefix.Length..]);
                if (found.Count == max)
                {
                    return found;
                }
            }
        }

        return found;
    }

    public async Task CompletePendingAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }

        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        foreach (var partition in ids.GroupBy(RecordPartitions.Of, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Distinct(StringComparer.Ordinal).Chunk(MaxTransactionActions))
            {
                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(id => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition.Key, PendingPrefix + id), ETag.All)), cancellationToken).ConfigureAwait(false);
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 404)
                {
                    // Another instance (a recovery run, a replay) removed one of them: remove the rest one by one.
                    foreach (var id in chunk)
                    {
                        await DeleteIfExistsAsync(table, partition.Key, PendingPrefix + id, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Deletes a notification's record and its recipients' delivery rows. A pending marker is not looked for: a recovery
    /// run removes it once the notification expires, long before its record is deleted.
    /// </summary>
    public async Task DeleteAsync(string partition, string id, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        var keys = new List<string> { RecordPrefix + id };
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {DeliveryPrefix + id + "|"} and RowKey lt {DeliveryPrefix + id + "}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, PendingSelect, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(row.RowKey);
        }

        foreach (var chunk in keys.Chunk(MaxTransactionActions))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), ETag.All)), cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // Another run deleted part of it.
                foreach (var key in chunk)
                {
                    await DeleteIfExistsAsync(table, partition, key, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task DeleteIfExistsAsync(TableClient table, string partition, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partition, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Gone already: that is what was asked.
        }
    }
}
