using Azure;
using Azure.Data.Tables;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;

namespace Notifier.Functions.Storage;

/// <summary>
/// Notification records in the <c>Notifications</c> table: partition = notification id; row <c>record</c> holds the
/// notification, rows <c>user:{id}</c> hold each recipient's delivery and read times.
/// </summary>
internal sealed class TableNotificationRecords : INotificationRecords
{
    // The record's row key names the notification: Azurite finds entities by row key first, so a constant "record"
    // in every partition made each lookup scan every notification.
    private const string RecordPrefix = "record:";
    private const string UserRowPrefix = "user:";
    private static readonly string[] DeliverySelect = ["DeliveredAt", "ReadAt"];
    private static readonly string[] StateOnly = ["State"];
    private static readonly string[] BoundSelect = ["Fingerprint", "Publisher", "Sender", "Type", "CreatedAt", "ExpiresAt", TableInboxStore.NotificationExpiresAt, "State"];
    private readonly NotifierTables _tables;
    private readonly TableInboxStore _inboxes;

    public TableNotificationRecords(NotifierTables tables, TableInboxStore inboxes)
    {
        _tables = tables;
        _inboxes = inboxes;
    }

    public async Task<NotificationRecord?> TryAddAsync(NotificationRecord record, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(record.Id, RecordPrefix + record.Id)
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
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
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
        if (NotificationIds.TryGetBoundUser(id, out var user))
        {
            // The row, which a fold may have to write first. An update, never an insert: a row the clean-up deleted stays deleted.
            if (await _inboxes.FindIndexRowAsync(user, id, StateOnly, cancellationToken).ConfigureAwait(false) is null)
            {
                return;
            }

            var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
            try
            {
                await inbox.UpdateEntityAsync(new TableEntity(user, TableInboxStore.IndexKey(id, user)) { ["State"] = state.ToString() }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }

            return;
        }

        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(id, RecordPrefix + id) { ["State"] = state.ToString() }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async Task<NotificationRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (NotificationIds.TryGetBoundUser(id, out var user))
        {
            return await GetBoundAsync(id, user, cancellationToken).ConfigureAwait(false);
        }

        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(id, RecordPrefix + id, cancellationToken: cancellationToken).ConfigureAwait(false);
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

    public async Task RecordDeliveryAsync(string id, string userId, DateTimeOffset at, DateTimeOffset expiresAt, bool read, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(id, UserRowPrefix + userId + ":" + id) { [read ? "ReadAt" : "DeliveredAt"] = at, ["ExpiresAt"] = expiresAt };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    private async Task<NotificationRecord?> GetBoundAsync(string id, string user, CancellationToken cancellationToken)
    {
        var row = await _inboxes.FindIndexRowAsync(user, id, BoundSelect, cancellationToken).ConfigureAwait(false);

        // An index row without a fingerprint is no record: the id reached the user some other way (a stream pointer).
        if (row?.GetString("Fingerprint") is not { } fingerprint)
        {
            return null;
        }

        return new NotificationRecord
        {
            Id = id,
            Fingerprint = fingerprint,
            To = new Recipients([user], [], all: false),
            Publisher = row.GetString("Publisher") ?? string.Empty,
            Sender = row.GetString("Sender"),
            Type = row.GetString("Type") ?? "notification",
            CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? default,
            ExpiresAt = row.GetDateTimeOffset(TableInboxStore.NotificationExpiresAt) ?? row.GetDateTimeOffset("ExpiresAt") ?? default,
            Payload = ReadOnlyMemory<byte>.Empty,
            State = Enum.TryParse<NotificationState>(row.GetString("State"), out var state) ? state : NotificationState.Accepted,
        };
    }

    public async Task<DeliveryCounts> CountDeliveriesAsync(string id, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey gt {UserRowPrefix} and RowKey lt {"user;"}");
        int delivered = 0, read = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: DeliverySelect, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var isRead = row.ContainsKey("ReadAt") && row["ReadAt"] is not null;
            read += isRead ? 1 : 0;
            delivered += isRead || (row.ContainsKey("DeliveredAt") && row["DeliveredAt"] is not null) ? 1 : 0;
        }

        return new DeliveryCounts(delivered, read);
    }
}
