using Azure;

namespace Notifier.Azure.Storage.Tables;

/// <summary>One write queued in a <see cref="TableBatch"/>.</summary>
public sealed class TableBatchOperation
{
    internal TableBatchOperation(TableBatchOperationKind kind, string partitionKey, string rowKey, TableEntityRecord? entity, ETag ifMatch)
    {
        Kind = kind;
        PartitionKey = partitionKey;
        RowKey = rowKey;
        Entity = entity;
        IfMatch = ifMatch;
    }

    /// <summary>Gets what the operation does.</summary>
    public TableBatchOperationKind Kind { get; }

    /// <summary>Gets the partition key (the same for every operation of a batch).</summary>
    public string PartitionKey { get; }

    /// <summary>Gets the row key.</summary>
    public string RowKey { get; }

    /// <summary>Gets the entity written, or <see langword="null"/> for a delete.</summary>
    public TableEntityRecord? Entity { get; }

    /// <summary>Gets the <c>If-Match</c> condition for updates and deletes; <see langword="default"/> otherwise.</summary>
    public ETag IfMatch { get; }
}
