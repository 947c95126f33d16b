using Azure;

namespace Notifier.Azure.Storage.Tables;

/// <summary>
/// An entity group transaction: up to 100 writes to one partition that the service applies all together or not at all.
/// </summary>
/// <remarks>Submit with <see cref="TableStorageClient.SubmitBatchAsync(TableBatch, CancellationToken)"/>. Each row may appear only once per batch.</remarks>
public sealed class TableBatch
{
    /// <summary>The most operations one batch may hold.</summary>
    public const int MaxOperations = 100;

    private readonly List<TableBatchOperation> _operations = [];

    /// <summary>Creates an empty batch for one partition.</summary>
    /// <param name="partitionKey">The partition every operation must target.</param>
    public TableBatch(string partitionKey)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        PartitionKey = partitionKey;
    }

    /// <summary>Gets the partition key shared by all operations.</summary>
    public string PartitionKey { get; }

    /// <summary>Gets the queued operations in submission order.</summary>
    public IReadOnlyList<TableBatchOperation> Operations => _operations;

    /// <summary>Gets the number of queued operations.</summary>
    public int Count => _operations.Count;

    /// <summary>Queues an insert.</summary>
    /// <param name="entity">The entity; its partition key must equal <see cref="PartitionKey"/>.</param>
    /// <returns>This batch.</returns>
    public TableBatch AddEntity(TableEntityRecord entity) => Enqueue(TableBatchOperationKind.Add, entity, default);

    /// <summary>Queues an insert-or-merge (<see cref="TableWriteMode.Merge"/>) or insert-or-replace.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="mode">Merge keeps stored properties missing from <paramref name="entity"/>; replace drops them.</param>
    /// <returns>This batch.</returns>
    public TableBatch UpsertEntity(TableEntityRecord entity, TableWriteMode mode = TableWriteMode.Merge) =>
        Enqueue(mode == TableWriteMode.Replace ? TableBatchOperationKind.UpsertReplace : TableBatchOperationKind.UpsertMerge, entity, default);

    /// <summary>Queues a conditional update of an existing entity.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="ifMatch">The ETag read earlier, or <see cref="ETag.All"/> to update unconditionally.</param>
    /// <param name="mode">Merge or replace.</param>
    /// <returns>This batch.</returns>
    public TableBatch UpdateEntity(TableEntityRecord entity, ETag ifMatch, TableWriteMode mode = TableWriteMode.Merge)
    {
        TableStorageClient.RequireETag(ifMatch, nameof(ifMatch));
        return Enqueue(mode == TableWriteMode.Replace ? TableBatchOperationKind.UpdateReplace : TableBatchOperationKind.UpdateMerge, entity, ifMatch);
    }

    /// <summary>Queues a delete.</summary>
    /// <param name="rowKey">The row key in <see cref="PartitionKey"/>.</param>
    /// <param name="ifMatch">The ETag read earlier; <see langword="default"/> means <c>*</c> (any version).</param>
    /// <returns>This batch.</returns>
    public TableBatch DeleteEntity(string rowKey, ETag ifMatch = default)
    {
        TableKeys.Validate(rowKey, nameof(rowKey));
        Add(new TableBatchOperation(TableBatchOperationKind.Delete, PartitionKey, rowKey, null, ifMatch == default ? ETag.All : ifMatch));
        return this;
    }

    private TableBatch Enqueue(TableBatchOperationKind kind, TableEntityRecord entity, ETag ifMatch)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableKeys.Validate(entity.PartitionKey, nameof(entity));
        TableKeys.Validate(entity.RowKey, nameof(entity));
        if (!string.Equals(entity.PartitionKey, PartitionKey, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"A batch targets one partition ('{PartitionKey}'); the entity is in '{entity.PartitionKey}'.", nameof(entity));
        }

        Add(new TableBatchOperation(kind, PartitionKey, entity.RowKey, entity, ifMatch));
        return this;
    }

    private void Add(TableBatchOperation operation)
    {
        if (_operations.Count == MaxOperations)
        {
            throw new InvalidOperationException($"A batch holds at most {MaxOperations} operations.");
        }

        _operations.Add(operation);
    }
}
