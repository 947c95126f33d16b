namespace Notifier.Azure.Storage.Tables;

/// <summary>The kind of write in a <see cref="TableBatch"/>.</summary>
public enum TableBatchOperationKind
{
    /// <summary>Insert; fails the batch if the entity exists.</summary>
    Add = 0,

    /// <summary>Insert or merge (no ETag condition).</summary>
    UpsertMerge = 1,

    /// <summary>Insert or replace (no ETag condition).</summary>
    UpsertReplace = 2,

    /// <summary>Merge into an existing entity, conditional on an ETag.</summary>
    UpdateMerge = 3,

    /// <summary>Replace an existing entity, conditional on an ETag.</summary>
    UpdateReplace = 4,

    /// <summary>Delete an entity, conditional on an ETag (or <c>*</c>).</summary>
    Delete = 5,
}
