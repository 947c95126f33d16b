namespace Notifier.Azure.Storage.Tables;

/// <summary>How a write treats the properties already stored on an entity.</summary>
public enum TableWriteMode
{
    /// <summary>Merge: properties in the request are set, others stored on the entity are kept (HTTP MERGE).</summary>
    Merge = 0,

    /// <summary>Replace: the stored entity is replaced, so properties missing from the request are removed (HTTP PUT).</summary>
    Replace = 1,
}
