using Azure;

namespace Notifier.Azure.Storage.Tables;

/// <summary>The outcome of one operation in a successful batch.</summary>
/// <param name="Status">The HTTP status of the operation (201 or 204).</param>
/// <param name="ETag">The entity's new ETag, or <see langword="null"/> for deletes.</param>
public sealed record TableBatchOperationResult(int Status, ETag? ETag);
